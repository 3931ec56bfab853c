import { MAX_MATCHED_URI_LENGTH, UriTemplate, UriTemplateError } from '../../../src/components/uri-template';

describe('UriTemplate', () => {
  describe('parse', () => {
    it('lists the variables in order of appearance', () => {
      const template = UriTemplate.parse('db://{schema}/tables/{table}{?limit,offset}');

      expect(template.variables).toEqual(['schema', 'table', 'limit', 'offset']);
      expect(template.isTemplate).toBe(true);
      expect(template.template).toBe('db://{schema}/tables/{table}{?limit,offset}');
    });

    it('treats a URI without expressions as fixed', () => {
      const fixed = UriTemplate.parse('config://app/settings');

      expect(fixed.isTemplate).toBe(false);
      expect(fixed.variables).toEqual([]);
    });

    it.each([
      ['an unclosed brace', 'test://{id', /Unclosed '\{' at position 7/],
      ['a brace opened inside an expression', 'test://{a{b}', /Unclosed/],
      ['a stray closing brace', 'test://id}', /Unmatched '\}'/],
      ['an empty expression', 'test://{}', /Empty expression/],
      ['an operator without variable', 'test://{+}', /no variable/],
      ['an invalid variable name', 'test://{user-id}', /Invalid variable name "user-id"/],
      ['an empty variable in a list', 'test://{a,}', /Invalid variable name ""/],
      ['an invalid prefix modifier', 'test://{id:0}', /Invalid variable name "id:0"/],
      ['an operator reserved for future use', 'test://{=id}', /Unsupported operator '='/],
      ['another reserved operator', 'test://{!id}', /Unsupported operator '!'/],
      ['a variable used twice', 'test://{id}/{id}', /"id" appears twice/],
      ['two expressions nothing separates', 'test://{a}{b}', /directly follows another expression/],
    ])('rejects %s', (_case, template, message) => {
      expect(() => UriTemplate.parse(template)).toThrow(UriTemplateError);
      expect(() => UriTemplate.parse(template)).toThrow(message);
    });
  });

  describe('match', () => {
    it('captures a simple variable as one path segment', () => {
      const template = UriTemplate.parse('test://template/{id}/data');

      expect(template.match('test://template/123/data')).toEqual({ id: '123' });
      expect(template.match('test://template/1/2/data')).toBeUndefined();
      expect(template.match('test://template//data')).toBeUndefined();
    });

    it('matches the whole URI, not a part of it', () => {
      const template = UriTemplate.parse('test://template/{id}/data');

      expect(template.match('test://template/123/data/more')).toBeUndefined();
      expect(template.match('prefix-test://template/123/data')).toBeUndefined();
    });

    it('treats template literals literally, not as regular expressions', () => {
      const template = UriTemplate.parse('test://a.b/(x)+{id}');

      expect(template.match('test://a.b/(x)+7')).toEqual({ id: '7' });
      expect(template.match('test://aXb/(x)+7')).toBeUndefined();
    });

    it('matches a fixed URI only with itself', () => {
      const fixed = UriTemplate.parse('config://app/settings');

      expect(fixed.match('config://app/settings')).toEqual({});
      expect(fixed.match('config://app/settings/extra')).toBeUndefined();
    });

    it('percent-decodes values', () => {
      const template = UriTemplate.parse('users://{name}/profile');

      expect(template.match('users://J%C3%BCrgen%20M/profile')).toEqual({ name: 'Jürgen M' });
      expect(template.match('users://a%2Fb/profile')).toEqual({ name: 'a/b' });
    });

    it('does not match invalid percent-encoding', () => {
      expect(UriTemplate.parse('users://{name}').match('users://100%')).toBeUndefined();
    });

    it('lets a reserved variable span several segments', () => {
      const template = UriTemplate.parse('file:///{+path}');

      expect(template.match('file:///docs/guides/intro,v2.md')).toEqual({ path: 'docs/guides/intro,v2.md' });
      expect(template.match('file:///a%20b/c')).toEqual({ path: 'a b/c' });
    });

    it('lets a reserved variable be followed by more path', () => {
      const template = UriTemplate.parse('git://{+repo}/raw');

      expect(template.match('git://org/project/raw')).toEqual({ repo: 'org/project' });
    });

    it('ends a value at the character that follows it in the template', () => {
      const template = UriTemplate.parse('cal://{year}-{month}-{day}');

      expect(template.match('cal://2026-07-28')).toEqual({ year: '2026', month: '07', day: '28' });
      // Linear-time matching, even for a URI built to make a backtracking matcher stall.
      expect(template.match(`cal://${'-'.repeat(5000)}/`)).toBeUndefined();
    });

    it('refuses URIs longer than MAX_MATCHED_URI_LENGTH', () => {
      const template = UriTemplate.parse('blob://{+path}');

      expect(template.match(`blob://${'a'.repeat(MAX_MATCHED_URI_LENGTH)}`)).toBeUndefined();
    });

    it('captures several variables of one expression', () => {
      const template = UriTemplate.parse('map://{lat,lng}/tile');

      expect(template.match('map://52.5,13.4/tile')).toEqual({ lat: '52.5', lng: '13.4' });
      expect(template.match('map://52.5/tile')).toBeUndefined();
    });

    it('captures a fragment', () => {
      const template = UriTemplate.parse('doc://{id}{#section}');

      expect(template.match('doc://readme#install/linux')).toEqual({ id: 'readme', section: 'install/linux' });
      expect(template.match('doc://readme')).toEqual({ id: 'readme' });
    });

    it('captures a label', () => {
      const template = UriTemplate.parse('report://q3/summary{.format}');

      expect(template.match('report://q3/summary.pdf')).toEqual({ format: 'pdf' });
      expect(template.match('report://q3/summary.tar.gz')).toEqual({ format: 'tar.gz' });
    });

    it('captures path segments, exploded into a list', () => {
      const single = UriTemplate.parse('repo://main{/dir}');
      const exploded = UriTemplate.parse('repo://main{/dirs*}');

      expect(single.match('repo://main/src')).toEqual({ dir: 'src' });
      expect(single.match('repo://main/src/lib')).toBeUndefined();
      expect(exploded.match('repo://main/src/lib/a%20b')).toEqual({ dirs: ['src', 'lib', 'a b'] });
      expect(exploded.match('repo://main')).toEqual({});
    });

    it('captures path-style parameters', () => {
      const template = UriTemplate.parse('geo://point{;x,y}');

      expect(template.match('geo://point;x=1;y=2')).toEqual({ x: '1', y: '2' });
    });

    describe('query parameters', () => {
      const search = UriTemplate.parse('search://docs{?q,lang}');

      it('are optional', () => {
        expect(search.match('search://docs')).toEqual({});
        expect(search.match('search://docs?lang=en')).toEqual({ lang: 'en' });
      });

      it('may come in any order', () => {
        expect(search.match('search://docs?q=mcp&lang=en')).toEqual({ q: 'mcp', lang: 'en' });
        expect(search.match('search://docs?lang=en&q=mcp')).toEqual({ q: 'mcp', lang: 'en' });
      });

      it('are percent-decoded, empty values included', () => {
        expect(search.match('search://docs?q=model%20context%26more&lang=')).toEqual({
          q: 'model context&more',
          lang: '',
        });
      });

      it('must be ones the template names, each given once', () => {
        expect(search.match('search://docs?q=mcp&page=2')).toBeUndefined();
        expect(search.match('search://docs?q=a&q=b')).toBeUndefined();
      });

      it('collect repetitions of an exploded variable', () => {
        expect(UriTemplate.parse('search://docs{?tag*}').match('search://docs?tag=a&tag=b')).toEqual({
          tag: ['a', 'b'],
        });
      });

      it('continue a query the template already started', () => {
        const template = UriTemplate.parse('api://items?v=2{&page,size}');

        expect(template.match('api://items?v=2&size=10&page=3')).toEqual({ page: '3', size: '10' });
        expect(template.match('api://items?v=2')).toEqual({});
        expect(template.match('api://items?v=3&page=1')).toBeUndefined();
      });

      it('follow the path variables', () => {
        const template = UriTemplate.parse('test://users/{id}{?fields}');

        expect(template.match('test://users/7?fields=name')).toEqual({ id: '7', fields: 'name' });
        expect(template.match('test://users/7')).toEqual({ id: '7' });
      });
    });
  });

  describe('expand', () => {
    it.each([
      ['test://template/{id}/data', { id: '123' }, 'test://template/123/data'],
      ['users://{name}', { name: 'Jürgen M/x' }, 'users://J%C3%BCrgen%20M%2Fx'],
      ['file:///{+path}', { path: 'docs/a b.md' }, 'file:///docs/a%20b.md'],
      ['file:///{+path}', { path: 'already%20encoded' }, 'file:///already%20encoded'],
      ['users://{name}', { name: '100%' }, 'users://100%25'],
      ['emoji://{e}', { e: '🙂' }, 'emoji://%F0%9F%99%82'],
      ['doc://{id}{#section}', { id: 'readme', section: 'a/b' }, 'doc://readme#a/b'],
      ['report://x{.format}', { format: 'pdf' }, 'report://x.pdf'],
      ['repo://main{/dirs*}', { dirs: ['src', 'lib'] }, 'repo://main/src/lib'],
      ['repo://main{/dirs}', { dirs: ['src', 'lib'] }, 'repo://main/src,lib'],
      ['geo://p{;x,y}', { x: '1', y: '' }, 'geo://p;x=1;y'],
      ['search://docs{?q,lang}', { q: 'a&b', lang: undefined }, 'search://docs?q=a%26b'],
      ['search://docs{?q,lang}', {}, 'search://docs'],
      ['search://docs{?q}', { q: '' }, 'search://docs?q='],
      ['search://docs{?tag*}', { tag: ['a', 'b'] }, 'search://docs?tag=a&tag=b'],
      ['api://items?v=2{&page}', { page: '3' }, 'api://items?v=2&page=3'],
      ['map://{lat,lng}', { lat: '1', lng: '2' }, 'map://1,2'],
      ['short://{word:3}', { word: 'ünicode' }, 'short://%C3%BCni'],
    ])('%s with %j gives %s', (template, values, expected) => {
      expect(UriTemplate.parse(template).expand(values)).toBe(expected);
    });

    it.each([
      ['test://template/{id}/data', { id: 'a b/c' }],
      ['file:///{+path}', { path: 'docs/guides/ü.md' }],
      ['repo://main{/dirs*}', { dirs: ['src', 'a b', 'lib'] }],
      ['search://docs{?q,lang}', { q: 'model & context', lang: 'en' }],
      ['search://docs{?tag*}', { tag: ['x', 'y,z'] }],
      ['doc://{id}{#section}', { id: 'readme', section: 'install' }],
      ['geo://point{;x,y}', { x: '1', y: '2' }],
    ])('round-trips %s through match', (template, values) => {
      const parsed = UriTemplate.parse(template);

      expect(parsed.match(parsed.expand(values))).toEqual(values);
    });
  });
});
