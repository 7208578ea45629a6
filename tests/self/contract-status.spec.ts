// The contract's check of a response's status and content type.
import { expect, test } from './support/harness';
import { loadContract, validateResponse, type ResponseToCheck, type ViolationKind } from '../../src/contract';
import { JSON_TYPE, response, summary, v2, v3, v3List } from './support/contract-bodies';

const HTML = 'text/html';
const TEXT = 'text/plain';
const envelopeCases: [name: string, response: ResponseToCheck, kinds: ViolationKind[]][] = [
  ['500 on create', response('createMemberV2', 500, JSON_TYPE, {}), ['status']],
  ['302 on create', response('createMemberV2', 302, JSON_TYPE, v2()), ['status']],
  ['201 on the v3 listing', response('listMembersV3', 201, JSON_TYPE, v3List()), ['status']],
  ['200 on delete', response('deleteMemberV2', 200), ['status']],
  ['503 on delete', response('deleteMemberV3', 503), ['status']],
  ['a status that is no HTTP status', response('showMemberV2', 600), ['status']],
  ['a correct body labelled text/html', response('createMemberV2', 201, HTML, v2()), ['content-type']],
  [
    'a correct body without Content-Type',
    response('listMembersV3', 200, undefined, v3List()),
    ['content-type'],
  ],
  [
    'an HTML error page',
    response('createMemberV2', 413, HTML, '<html>Too large</html>'),
    ['content-type', 'schema'],
  ],
  ['an error with an empty body', response('createMemberV2', 404, JSON_TYPE, ''), ['schema']],
  ['an error without body or Content-Type', response('listMembersV3', 404), ['content-type', 'schema']],
  ['a body that is not JSON', response('createMemberV2', 201, JSON_TYPE, '{"member": '), ['schema']],
  ['JSON with a charset', response('listMembersV3', 200, 'application/json; charset=UTF-8', v3List()), []],
  ['JSON in capitals', response('showMemberV2', 200, 'Application/JSON', v2()), []],
  [
    'raw bytes',
    { ...response('showMemberV2', 200, JSON_TYPE), body: new TextEncoder().encode(JSON.stringify(v2())) },
    [],
  ],
  ['an already parsed body', { ...response('showMemberV3', 200, JSON_TYPE), body: v3() }, []],
  ['401 with a text/plain body', response('createMemberV2', 401, TEXT, 'Unauthorized'), []],
  ['401 with an HTML body', response('listMembersV3', 401, HTML, '<h1>401</h1>'), []],
  ['401 without a body', response('deleteMemberV2', 401), []],
  ['429 from a gateway', response('listMembersV3', 429, TEXT, 'slow down'), []],
  ['204 without a body', response('deleteMemberV2', 204), []],
  ['204 with a stray Content-Type', response('deleteMemberV3', 204, TEXT, ''), []],
  [
    'an unnamed 4xx in a known error shape',
    response('createMemberV2', 422, JSON_TYPE, { faultcode: 'C', faultstring: 'no' }),
    [],
  ],
];

test.describe('status and content type', () => {
  for (const [name, checked, kinds] of envelopeCases) {
    test(`${checked.operationId} ${checked.status}, ${name}: ${kinds.join(' + ') || 'conforms'}`, async () => {
      const violations = validateResponse(await loadContract(), checked);
      expect([...new Set(violations.map((v) => v.kind))], summary(violations).join('\n')).toEqual(kinds);
    });
  }

  test('a status violation lists the allowed statuses', async () => {
    expect(validateResponse(await loadContract(), response('createMemberV2', 500))).toEqual([
      {
        kind: 'status',
        operationId: 'createMemberV2',
        status: 500,
        message:
          'status 500 is not in the contract for createMemberV2: allowed 201, 400, 401, 404, 409, 413, 429, 2XX, 4XX',
      },
    ]);
  });

  test('a content-type violation says what was received', async () => {
    const checked = response('showMemberV2', 200, 'text/html; charset=utf-8', v2());
    expect(validateResponse(await loadContract(), checked)).toEqual([
      {
        kind: 'content-type',
        operationId: 'showMemberV2',
        status: 200,
        value: 'text/html; charset=utf-8',
        message: 'showMemberV2 200: Content-Type "text/html; charset=utf-8", expected application/json',
      },
    ]);
  });

  test('an unknown operationId is a bug in the caller, not a violation', async () => {
    const contract = await loadContract();
    expect(() => validateResponse(contract, response('createMember', 201))).toThrow(/createMemberV2/);
  });
});
