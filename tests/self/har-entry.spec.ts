/**
 * One HAR entry (src/http/har.ts) of an answer, by the length of its body: a body up to HAR_BODY_CHARS is kept
 * whole; a longer one keeps its first HAR_BODY_CHARS characters, says so in `content.comment`, and its size is
 * still the whole body's.
 */
import { replyTo } from '../../src/http/attempt';
import { HAR_BODY_CHARS, harEntry } from '../../src/http/har';
import { Trace } from '../../src/http/trace';
import { expect, test } from './support/harness';

const answerWithBody = (text: string) => {
  const request = {
    method: 'GET',
    url: 'http://127.0.0.1:1/v3/p/elb/pools/x/members',
    headers: {},
    secrets: [],
  };
  const span = new Trace().span();
  const startedAt = Date.now();
  const reply = replyTo(request, span, startedAt, {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(text),
    timings: { sendMs: 0, waitMs: 1, receiveMs: 0 },
  });
  return harEntry({ request, span, startedAt, reply }).response.content;
};

for (const length of [0, 10, HAR_BODY_CHARS])
  test(`a body of ${length} characters is kept whole`, () => {
    const body = 'x'.repeat(length);
    expect(answerWithBody(body)).toEqual({ size: length, mimeType: 'application/json', text: body });
  });

for (const length of [HAR_BODY_CHARS + 1, 10 * HAR_BODY_CHARS])
  test(`a body of ${length} characters keeps its first ${HAR_BODY_CHARS}, and says so`, () => {
    const body = `${'a'.repeat(HAR_BODY_CHARS)}${'b'.repeat(length - HAR_BODY_CHARS)}`;
    const content = answerWithBody(body);
    expect(content.text).toBe('a'.repeat(HAR_BODY_CHARS));
    expect(content.size).toBe(length);
    expect(content.comment).toBe(`the first ${HAR_BODY_CHARS} of ${length} characters of the body`);
  });
