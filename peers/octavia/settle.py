"""The controller worker's last steps, done directly in Octavia's database.

With the no-op provider driver the API records every change as PENDING_CREATE, PENDING_UPDATE or
PENDING_DELETE and hands it to nobody, so the load balancer would stay busy and every later write would get
409 "immutable". In a real deployment the controller worker ends each of its flows by marking the objects
ACTIVE, or by removing what was deleted. settle() does that for everything pending at once, with Octavia's
own models, in one transaction:

* PENDING_CREATE, PENDING_UPDATE -> ACTIVE, for every object that has a provisioning status;
* PENDING_DELETE member, health monitor, pool, listener, L7 policy or rule: the row is removed (with what
  the ORM cascades to), and the project's quota usage goes down by one, as the worker's Delete*InDB and
  Decrement*Quota tasks do;
* PENDING_DELETE load balancer: its pools and listeners are removed, and it is marked DELETED (the worker
  keeps the row).

Operating statuses are left as the API set them: there is no health manager to change them.
"""

import threading
import time

from octavia.common import constants
from octavia.common import data_models
from octavia.db import api as db_api
from octavia.db import models
from octavia.db import repositories

_WITH_STATUS = (
    models.LoadBalancer,
    models.Listener,
    models.Pool,
    models.HealthMonitor,
    models.Member,
    models.L7Policy,
    models.L7Rule,
)
# Children before parents: a parent's cascade would otherwise remove them without their quota.
_REMOVED_ON_DELETE = (
    models.L7Rule,
    models.L7Policy,
    models.Member,
    models.HealthMonitor,
    models.Pool,
    models.Listener,
)
_PENDING = (constants.PENDING_CREATE, constants.PENDING_UPDATE)

# The poller and a request of the API may both want to settle; one pass at a time.
_one_pass = threading.Lock()


def _pending(session, model, statuses):
    # A plain read, no FOR UPDATE: on this unindexed column InnoDB would lock every row it scans, and a
    # concurrent write of the API, which locks its load balancer first, could then deadlock with the pass.
    # Nothing else changes a pending object meanwhile: the API refuses writes to a busy load balancer.
    return session.query(model).filter(model.provisioning_status.in_(statuses)).all()


def settle():
    """Settles everything pending; returns how many objects changed."""
    with _one_pass:
        quotas = repositories.Repositories()
        session = db_api.get_session(autocommit=False)
        changed = 0
        try:
            for model in _REMOVED_ON_DELETE:
                for obj in _pending(session, model, (constants.PENDING_DELETE,)):
                    quotas.decrement_quota(
                        session, getattr(data_models, model.__name__), obj.project_id
                    )
                    session.delete(obj)
                    changed += 1
                session.flush()
            for lb in _pending(session, models.LoadBalancer, (constants.PENDING_DELETE,)):
                for child in list(lb.pools) + list(lb.listeners):
                    session.delete(child)
                lb.provisioning_status = constants.DELETED
                quotas.decrement_quota(session, data_models.LoadBalancer, lb.project_id)
                changed += 1
            for model in _WITH_STATUS:
                for obj in _pending(session, model, _PENDING):
                    obj.provisioning_status = constants.ACTIVE
                    changed += 1
            session.commit()
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()
        return changed


class SettleAfterWrites:
    """WSGI middleware for the `sync` mode: after a POST, PUT or DELETE, settles before the answer leaves.

    The answer itself is Octavia's, untouched (a create still reads PENDING_CREATE, as it does in a real
    deployment); the next request finds everything ACTIVE, as behind an infinitely fast worker.
    """

    _WRITES = ("POST", "PUT", "DELETE")

    def __init__(self, app, on_error):
        self._app = app
        self._on_error = on_error

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in self._WRITES:
            return self._app(environ, start_response)
        answer = self._app(environ, start_response)
        try:
            body = list(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        try:
            settle()
        except Exception as error:  # the API's answer stands, whatever the stand-in does
            self._on_error(error)
        return body


def settle_every(seconds, on_error):
    """The `poll` mode: settles in a background thread every `seconds`, as a worker finishes on its own time."""

    def loop():
        while True:
            time.sleep(seconds)
            try:
                settle()
            except Exception as error:
                on_error(error)

    threading.Thread(target=loop, name="octavia-settle", daemon=True).start()
