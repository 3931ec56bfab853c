import { UriTemplate } from '/work/main/src/registry/uri-template';
test('perf', () => {
  for (const [t, u] of [
    ['x://{+a}{/b}{/c}{/d}', 'x://' + '/a'.repeat(5000) + '?#'],
    ['x://{a}{.b}{.c}', 'x://' + '.a'.repeat(5000) + '/'],
    ['x://{a,b,c}', 'x://' + ','.repeat(5000) + '/'],
    ['x://{/a*}{/b*}', 'x://' + '/a'.repeat(5000) + '#'],
    ['x://{;a*}', 'x://' + ';a=1'.repeat(5000) + '#'],
    ['x://{#a,b,c}', 'x://#' + ','.repeat(5000)],
  ]) { const s = Date.now(); UriTemplate.parse(t).match(u); console.log(t, Date.now() - s); }
});
