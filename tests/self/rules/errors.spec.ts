/** The form rules of every answer (src/rules/errors.ts), over fabricated answers of both APIs. */
import { contentType, errorBody, type Answer, type Api } from '../../../src/rules';
import { broken, ruleTable } from './table';

function answer(status: number, body: unknown, type?: string | null): Answer {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  // null: no Content-Type header; absent: application/json.
  const contentType = type === null ? undefined : (type ?? 'application/json');
  return { status, contentType, text, json: typeof body === 'string' ? undefined : body };
}

const APIS: Api[] = ['v2', 'v3'];

ruleTable(
  'contentType',
  APIS.flatMap((api) => {
    const id = `${api.toUpperCase()}-CONTENT-TYPE`;
    return [
      ...['application/json', 'application/json; charset=utf-8', 'Application/JSON'].map((type) => ({
        title: `${api}: a body labelled ${type} holds`,
        findings: () => contentType(api, answer(200, { a: 1 }, type)),
        outcome: 'held' as const,
      })),
      {
        title: `${api}: an answer without a body shows nothing`,
        findings: () => contentType(api, answer(204, undefined, null)),
        outcome: 'nothing' as const,
      },
      ...['text/html', 'text/plain', 'application/jsonp', null].map((type) => ({
        title: `${api}: a body labelled ${type ?? 'nothing'} breaks it`,
        findings: () => contentType(api, answer(400, { a: 1 }, type)),
        outcome: [broken(id)],
      })),
    ];
  }),
);

const V3_ERROR = { error_msg: 'bad limit', error_code: 'ELB.1001', request_id: 'r-1' };

ruleTable('errorBody', [
  ...[
    { NeutronError: { message: 'no such pool', type: 'x' } },
    { error_msg: 'bad', error_code: 'ELB.1' },
    { faultstring: 'bad' },
    { description: 'bad' },
  ].map((body) => ({
    title: `v2: ${JSON.stringify(body)} holds`,
    findings: () => errorBody('v2', answer(400, body)),
    outcome: 'held' as const,
  })),
  ...(
    [
      [{ NeutronError: { message: '' } }, '/NeutronError/message'],
      [{ NeutronError: { message: '  ' } }, '/NeutronError/message'],
      [{ error_msg: 7 }, '/error_msg'],
      [{ message: 'not a known shape' }, ''],
      ['plain text', ''],
    ] as const
  ).map(([body, at]) => ({
    title: `v2: ${JSON.stringify(body)} breaks it at "${at}"`,
    findings: () => errorBody('v2', answer(404, body)),
    outcome: [broken('V2-ERROR-BODY', at)],
  })),
  {
    title: 'v3: error_msg, error_code and request_id hold',
    findings: () => errorBody('v3', answer(400, V3_ERROR)),
    outcome: 'held',
  },
  ...(['error_msg', 'error_code', 'request_id'] as const).map((key) => ({
    title: `v3: an empty ${key} breaks it at /${key}`,
    findings: () => errorBody('v3', answer(400, { ...V3_ERROR, [key]: '' })),
    outcome: [broken('V3-ERROR-BODY', `/${key}`)],
  })),
  {
    title: 'v3: the Neutron shape breaks it three times',
    findings: () => errorBody('v3', answer(404, { NeutronError: { message: 'x' } })),
    outcome: ['/error_msg', '/error_code', '/request_id'].map((at) => broken('V3-ERROR-BODY', at)),
  },
  ...APIS.flatMap((api) =>
    [200, 201, 401].map((status) => ({
      title: `${api}: a ${status} answer shows nothing of the error body`,
      findings: () => errorBody(api, answer(status, {})),
      outcome: 'nothing' as const,
    })),
  ),
]);
