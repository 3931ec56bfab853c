import type { Context } from 'koa';
import { accepts, requireAccept } from '../../../../../src/transports/http/streamable/accept';

const ctxWith = (accept?: string) =>
  ({ req: { headers: accept === undefined ? {} : { accept } } }) as unknown as Context;

/** The rule written out plainly: a range admits a type if it is the type, `*\/*`, or the type's `major/*`. */
function plainly(header: string, type: string): boolean {
  const wildcard = `${type.slice(0, type.indexOf('/'))}/*`;
  return header
    .split(',')
    .map((part) => part.split(';')[0].trim().toLowerCase())
    .some((range) => range === type || range === '*/*' || range === wildcard);
}

describe('Accept', () => {
  const headers = [
    '',
    'application/json, text/event-stream',
    'application/json;q=0.9, text/event-stream;q=1',
    'Application/JSON, TEXT/*',
    '*/*',
    'application/*',
    'text/*',
    'text/event-stream/*',
    'application/json/*, text/html',
    'app/*, application',
    '*/json',
    '/*',
  ];
  it.each(headers)('judges %j as the plain rule does', (header) => {
    for (const type of ['application/json', 'text/event-stream']) {
      expect(accepts(ctxWith(header), type)).toBe(plainly(header, type));
    }
  });

  it('refuses (406) a client that does not accept every type, and names them', () => {
    expect(() => requireAccept(ctxWith('application/json'), 'application/json', 'text/event-stream')).toThrow(
      'Not Acceptable: the client must accept application/json and text/event-stream',
    );
    expect(() => requireAccept(ctxWith(), 'text/event-stream')).toThrow('Not Acceptable');
    expect(() =>
      requireAccept(ctxWith('application/json, text/event-stream'), 'application/json', 'text/event-stream'),
    ).not.toThrow();
  });
});
