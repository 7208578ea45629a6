import path from 'node:path';
import {
  test as base,
  request as playwrightRequest,
  type APIRequestContext,
  type TestInfo,
} from '@playwright/test';
import { requirement, type Requirement } from './catalogue/requirements';
import { loadContract, type Contract } from './contract/spec';
import { ApiClient, type ClientHooks, type OperationId } from './http/client';
import { EndpointAllocator, type Slot } from './target/allocator';
import { parseTargetEnv, type TargetConfig } from './target/config';
import { memberNamePrefix, runDir, runId, runSeed } from './run';
import { WriteBudget } from './target/write-budget';
import { V2Members } from './v2/members';
import { V3Members } from './v3/members';
import { skipReason } from './applicability';
import { describeLeftover, stillThere, type DeletedMember } from './cleanup/confirm';
import { journalCreated, journalDeleted, journalLeftover, type MemberApi } from './cleanup/journal';
import { listPool } from './cleanup/pools';
import {
  closeEvidence,
  evidenceFor,
  EVIDENCE_ATTACHMENT,
  openEvidence,
  recordExchange,
  recordLeftover,
  recordMemberCreated,
  recordMemberDeleted,
  recordRequest,
  type LeftoverEvidence,
} from './evidence';

interface WorkerFixtures {
  target: TargetConfig;
  contract: Contract;
  http: APIRequestContext;
  slot: Slot;
  v2Endpoints: EndpointAllocator | undefined;
  v3Endpoints: { v4: EndpointAllocator; v6?: EndpointAllocator } | undefined;
}

interface TestFixtures {
  evidence: void;
  requirementGate: void;
  cleanup: Cleanup;
  api: ApiClient;
  v2: V2Members;
  v3: V3Members;
}

/**
 * What a test created, deleted again when the test ends whatever its outcome; then every member a delete of
 * the test was answered with success for is confirmed gone. One still there is a leftover: recorded for the
 * report and the runner's exit code, never a failure of the test's own requirement.
 */
export class Cleanup {
  private readonly tasks: { label: string; key?: string; run: () => Promise<void> }[] = [];
  private readonly deleted: DeletedMember[] = [];
  private confirm: ((deleted: readonly DeletedMember[]) => Promise<LeftoverEvidence[]>) | undefined;
  private closed = false;

  add(label: string, run: () => Promise<void>, key?: string): void {
    // An interrupted test's body goes on running after its clean-up: what it creates then is deleted at once.
    if (this.closed) return void run().catch(() => undefined);
    if (key !== undefined && this.tasks.some((t) => t.key === key)) return;
    this.tasks.push({ label, key, run });
  }

  /** Drops the task registered under key: its work is already done. */
  done(key: string): void {
    const index = this.tasks.findIndex((t) => t.key === key);
    if (index >= 0) this.tasks.splice(index, 1);
  }

  /** A delete of the member was answered with success: it is confirmed gone when the test ends. */
  deletedOk(member: DeletedMember): void {
    this.deleted.push(member);
  }

  /** How the deletes are confirmed (the test's own client); without it they are not. */
  confirmWith(confirm: (deleted: readonly DeletedMember[]) => Promise<LeftoverEvidence[]>): void {
    this.confirm = confirm;
  }

  async runAll(testInfo: TestInfo): Promise<void> {
    this.closed = true;
    const failures: string[] = [];
    for (const task of this.tasks.splice(0).reverse()) {
      try {
        await task.run();
      } catch (error) {
        failures.push(`${task.label}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    const deleted = this.deleted.splice(0);
    if (this.confirm && deleted.length > 0) {
      try {
        reportLeftovers(await this.confirm(deleted), testInfo);
      } catch (error) {
        failures.push(`confirming ${deleted.length} delete(s): ${(error as Error).message.split('\n')[0]}`);
      }
    }
    if (failures.length > 0) {
      testInfo.annotations.push({ type: 'cleanup-failed', description: failures.join('; ') });
      console.warn(`clean-up failed for ${testInfo.title}:\n  ${failures.join('\n  ')}`);
    }
  }
}

/** A test's output names this many of its leftovers; the run's end and the report name them all. */
const SHOWN_LEFTOVERS = 5;

function reportLeftovers(leftovers: readonly LeftoverEvidence[], testInfo: TestInfo): void {
  if (leftovers.length === 0) return;
  const lines = leftovers.map(describeLeftover);
  for (const leftover of leftovers) {
    recordLeftover(leftover);
    journalLeftover(leftover);
  }
  testInfo.annotations.push({ type: 'leftover', description: lines.join('; ') });
  const shown = lines.slice(0, SHOWN_LEFTOVERS);
  if (lines.length > shown.length)
    shown.push(`… and ${lines.length - shown.length} more, all listed when the run ends`);
  console.warn(`leftover after ${testInfo.title}:\n  ${shown.join('\n  ')}`);
}

function deletionFor(operationId: OperationId): OperationId | undefined {
  return operationId === 'createMemberV2'
    ? 'deleteMemberV2'
    : operationId === 'createMemberV3'
      ? 'deleteMemberV3'
      : undefined;
}

let budget: WriteBudget | undefined;

/** The run's TARGET_MAX_WRITES budget, shared by all workers through the run's directory. */
function writeBudget(max: number): WriteBudget {
  budget ??= new WriteBudget(max, path.join(runDir(), 'creates'));
  return budget;
}

function hooksFor(target: TargetConfig, cleanup: Cleanup, client: () => ApiClient): ClientHooks {
  return {
    beforeWrite(operationId, method) {
      if (target.readOnly)
        throw new Error(
          `TARGET_READ_ONLY=1 forbids ${method} (${operationId}); this test should have been skipped`,
        );
      if (target.maxWrites !== undefined && operationId.startsWith('create'))
        writeBudget(target.maxWrites).claim(`this ${operationId}`);
    },
    onCreated(operationId, path, memberId, sentAt) {
      recordMemberCreated(memberId, sentAt);
      const deletion = deletionFor(operationId);
      if (!deletion) return;
      // Also on disk: if this process is stopped before its clean-up runs, the runner deletes it after the run.
      if (path.pool_id)
        journalCreated(
          { api: operationId === 'createMemberV2' ? 'v2' : 'v3', poolId: path.pool_id },
          memberId,
        );
      cleanup.add(
        `delete member ${memberId}`,
        async () => {
          await client().call(deletion, { path: { ...path, member_id: memberId }, check: false });
        },
        memberId,
      );
    },
    onDeleted(memberId, { operationId, path, status }) {
      recordMemberDeleted(memberId);
      journalDeleted(memberId);
      cleanup.done(memberId);
      if (status !== 404 && path.pool_id)
        cleanup.deletedOk({
          api: operationId === 'deleteMemberV2' ? 'v2' : 'v3',
          poolId: path.pool_id,
          id: memberId,
          status,
        });
    },
    onExchange: recordExchange,
    onRequest: recordRequest,
  };
}

/**
 * Members that others created hold their pairs already: the allocators never hand those out. Each pool is read
 * whole, page after page, as clean-up reads it: bookkeeping that judges nothing (the tests judge the listings).
 */
async function reserveHeld(
  worker: Pick<WorkerFixtures, 'http' | 'contract' | 'target'>,
  api: MemberApi,
  poolIds: readonly (string | undefined)[],
  allocators: readonly EndpointAllocator[],
): Promise<void> {
  const { http, contract, target } = worker;
  const reader: ApiClient = new ApiClient(
    http,
    contract,
    target,
    hooksFor(target, new Cleanup(), () => reader),
  );
  for (const poolId of poolIds) {
    if (!poolId) continue;
    const held = (await listPool(reader, target, { api, poolId })).flatMap(({ address, port }) =>
      typeof address === 'string' && typeof port === 'number' ? [{ address, port }] : [],
    );
    for (const allocator of allocators) allocator.reserve(held);
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  target: [
    async ({}, use) => {
      await use(parseTargetEnv(process.env));
    },
    { scope: 'worker' },
  ],
  contract: [
    async ({ target }, use) => {
      await use(await loadContract(target.profile.name));
    },
    { scope: 'worker' },
  ],
  http: [
    async ({}, use) => {
      const context = await playwrightRequest.newContext({ timeout: 30_000 });
      await use(context);
      await context.dispose();
    },
    { scope: 'worker' },
  ],
  slot: [
    async ({}, use, workerInfo) => {
      const shard = workerInfo.config.shard;
      const workers = workerInfo.config.workers;
      const shardIndex = shard ? shard.current - 1 : 0;
      await use({
        index: shardIndex * workers + workerInfo.parallelIndex,
        count: (shard?.total ?? 1) * workers,
      });
    },
    { scope: 'worker' },
  ],
  v2Endpoints: [
    async ({ target, contract, http, slot }, use) => {
      if (!target.v2?.addressCidr || target.readOnly) return use(undefined);
      const allocator = new EndpointAllocator(
        target.v2.addressCidr,
        'TARGET_V2_ADDRESS_CIDR',
        slot,
        runSeed(runId()),
      );
      await reserveHeld(
        { http, contract, target },
        'v2',
        [target.v2.poolId, target.v2.otherPoolId],
        [allocator],
      );
      await use(allocator);
    },
    { scope: 'worker' },
  ],
  v3Endpoints: [
    async ({ target, contract, http, slot }, use) => {
      const v3 = target.v3;
      if (!v3?.addressCidr || target.readOnly) return use(undefined);
      const seed = runSeed(runId());
      const v4 = new EndpointAllocator(v3.addressCidr, 'TARGET_V3_ADDRESS_CIDR', slot, seed);
      const v6 =
        v3.subnet6 && new EndpointAllocator(v3.subnet6.addressCidr, 'TARGET_V3_ADDRESS6_CIDR', slot, seed);
      await reserveHeld({ http, contract, target }, 'v3', [v3.poolId, v3.otherPoolId], v6 ? [v4, v6] : [v4]);
      await use({ v4, v6 });
    },
    { scope: 'worker' },
  ],
  // The structured evidence of a failed test (request, response, schema errors, seed), of its retries, of
  // the members its deletes left in place, and of what every test cost, for the conformance report: attached
  // as JSON, so it survives blob reports and merge-reports.
  evidence: [
    async ({}, use, testInfo) => {
      openEvidence();
      await use();
      const recorded = closeEvidence();
      await testInfo.attach(EVIDENCE_ATTACHMENT, {
        body: JSON.stringify(evidenceFor(testInfo.errors, recorded)),
        contentType: 'application/json',
      });
    },
    { auto: true },
  ],
  requirementGate: [
    async ({ target }, use, testInfo) => {
      const reason = skipReason(requirementsOf(testInfo), target);
      if (reason) {
        testInfo.annotations.push({ type: reason.kind, description: reason.message });
        testInfo.skip(true, reason.message);
      }
      await use();
    },
    { auto: true },
  ],
  cleanup: async ({}, use, testInfo) => {
    const cleanup = new Cleanup();
    await use(cleanup);
    await cleanup.runAll(testInfo);
  },
  api: async ({ http, contract, target, cleanup }, use) => {
    const client: ApiClient = new ApiClient(
      http,
      contract,
      target,
      hooksFor(target, cleanup, () => client),
    );
    cleanup.confirmWith((deleted) => stillThere(client, target, deleted));
    await use(client);
  },
  v2: async ({ api, target, v2Endpoints }, use) => {
    if (!target.v2 || !v2Endpoints)
      throw new Error(
        'the v2.0 target is not configured; the requirement gate should have skipped this test',
      );
    await use(new V2Members(api, target, target.v2, v2Endpoints, memberNamePrefix(runId())));
  },
  v3: async ({ api, target, v3Endpoints }, use, testInfo) => {
    if (!target.v3)
      throw new Error('the v3 target is not configured; the requirement gate should have skipped this test');
    const v3 = new V3Members(
      api,
      target,
      target.v3,
      v3Endpoints?.v4,
      v3Endpoints?.v6,
      memberNamePrefix(runId()),
      requirementsOf(testInfo).map((r) => r.id),
    );
    if (target.readOnly && requirementsOf(testInfo).some((r) => r.needs.includes('members')))
      await onlyWhatThePoolHolds(v3, testInfo);
    await use(v3);
  },
});

/** Read-only: the check runs on the members the pool already holds, and is skipped when it holds none. */
async function onlyWhatThePoolHolds(v3: V3Members, testInfo: TestInfo): Promise<void> {
  const held = (await v3.listing()).length;
  testInfo.annotations.push({
    type: 'read-only',
    description: `TARGET_READ_ONLY=1: checked against the ${held} member(s) TARGET_V3_POOL_ID already holds; nothing was created`,
  });
  if (held === 0) {
    const message =
      'TARGET_READ_ONLY=1 and TARGET_V3_POOL_ID holds no member: nothing to page through or filter';
    testInfo.annotations.push({ type: 'skipped', description: message });
    testInfo.skip(true, message);
  }
}

export function requirementsOf(testInfo: Pick<TestInfo, 'tags'>): Requirement[] {
  return testInfo.tags.filter((tag) => /^@V[23]-/.test(tag)).map((tag) => requirement(tag.slice(1)));
}

/**
 * The title and details of a conformance test: the title starts with the requirement id, the test is tagged
 * with it (so --grep selects it), and an annotation quotes the sentence of the vendor page it checks.
 * Use as `test(...requirementTest('V2-WEIGHT-RANGE', 'what it checks'), async ({ v2 }) => { ... })`.
 */
export function requirementTest(
  id: string,
  title: string,
): [string, { tag: string; annotation: { type: string; description: string }[] }] {
  const req = requirement(id);
  return [
    `${id} ${title}`,
    {
      tag: `@${id}`,
      annotation: [{ type: 'requirement', description: `${id} (${req.source}): ${req.quote}` }],
    },
  ];
}
