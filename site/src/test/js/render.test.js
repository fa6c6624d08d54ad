// Unit tests for the Markdown subset renderer: structure, and an XSS corpus proving that nothing
// executable ever reaches the DOM. Run with: node --test site/src/test/js/
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { renderMarkdown, safeHref, ALLOWED_TAGS } from '../../main/resources/twin-site/render.js';
import { createFakeDocument, elementsOf, html } from './fake-dom.js';

const ALLOWED_ATTRIBUTES = { a: ['href', 'rel', 'target'], ol: ['start'] };

function render(source) {
  return renderMarkdown(source, createFakeDocument());
}

/** The safety invariant: only allow-listed elements and attributes, links only to safe schemes. */
function assertSafe(fragment, source) {
  for (const el of elementsOf(fragment)) {
    assert.ok(ALLOWED_TAGS.includes(el.tagName), `unexpected <${el.tagName}> for input ${JSON.stringify(source)}`);
    for (const [name, value] of el.attributes) {
      assert.ok((ALLOWED_ATTRIBUTES[el.tagName] ?? []).includes(name),
        `unexpected attribute ${name}="${value}" on <${el.tagName}> for input ${JSON.stringify(source)}`);
    }
    if (el.tagName === 'a') {
      const href = el.getAttribute('href');
      assert.match(href, /^(https?:\/\/|mailto:)/, `unsafe href ${href}`);
      assert.ok(['http:', 'https:', 'mailto:'].includes(new URL(href).protocol), `unsafe href ${href}`);
      assert.equal(el.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(el.getAttribute('target'), '_blank');
    }
    if (el.tagName === 'ol' && el.getAttribute('start') !== null) {
      assert.match(el.getAttribute('start'), /^\d+$/);
    }
  }
}

function links(fragment) {
  return elementsOf(fragment).filter((e) => e.tagName === 'a');
}

describe('structure', () => {
  test('paragraphs are split on blank lines and single newlines become line breaks', () => {
    assert.equal(html(render('one\ntwo\n\nthree')), '<p>one<br>two</p><p>three</p>');
  });

  test('bold, italic and their combinations', () => {
    assert.equal(html(render('**b** *i* __B__ _I_ ***bi***')),
      '<p><strong>b</strong> <em>i</em> <strong>B</strong> <em>I</em> <strong><em>bi</em></strong></p>');
    assert.equal(html(render('**bold *and italic* here**')),
      '<p><strong>bold <em>and italic</em> here</strong></p>');
  });

  test('underscores inside words stay text', () => {
    assert.equal(html(render('use snake_case_names and 2*3*4')), '<p>use snake_case_names and 2<em>3</em>4</p>');
    assert.equal(html(render('file_name_v2.txt')), '<p>file_name_v2.txt</p>');
  });

  test('inline code keeps its content literally', () => {
    assert.equal(html(render('run `mvn **verify**` now')), '<p>run <code>mvn **verify**</code> now</p>');
    assert.equal(html(render('``a ` b``')), '<p><code>a ` b</code></p>');
  });

  test('fenced code blocks keep text and markup literally', () => {
    assert.equal(html(render('```java\nint a = 1 < 2;\n**x**\n```\nafter')),
      '<pre><code>int a = 1 &lt; 2;\n**x**</code></pre><p>after</p>');
  });

  test('bullet and numbered lists, nested, with a start number', () => {
    assert.equal(html(render('- a\n- b\n  - c\n  - d\n- e')),
      '<ul><li>a</li><li>b<ul><li>c</li><li>d</li></ul></li><li>e</li></ul>');
    assert.equal(html(render('3. three\n4. four')), '<ol start="3"><li>three</li><li>four</li></ol>');
    assert.equal(html(render('1. one\n   * sub\n2. two')),
      '<ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol>');
  });

  test('a list right after a sentence, and a list with blank lines between items', () => {
    assert.equal(html(render('I like:\n- tea\n- maps')), '<p>I like:</p><ul><li>tea</li><li>maps</li></ul>');
    assert.equal(html(render('1. a\n\n2. b')), '<ol><li>a</li><li>b</li></ol>');
  });

  test('a year at the start of a line inside a paragraph is not a list', () => {
    assert.equal(html(render('We moved in\n2024. It rained.')), '<p>We moved in<br>2024. It rained.</p>');
  });

  test('headings degrade to bold paragraphs', () => {
    assert.equal(html(render('## Projects ##\ntext')), '<p><strong>Projects</strong></p><p>text</p>');
  });

  test('links to http, https and mailto get rel and target', () => {
    assert.equal(html(render('[site](https://example.com/a?b=1) and [me](mailto:ana@example.com)')),
      '<p><a href="https://example.com/a?b=1" rel="noopener noreferrer" target="_blank">site</a> and '
      + '<a href="mailto:ana@example.com" rel="noopener noreferrer" target="_blank">me</a></p>');
  });

  test('link titles and spaces around the target are accepted; parentheses may nest', () => {
    assert.deepEqual(links(render('[a](https://a.example "Title") [b]( https://b.example ) [c](https://c.example/x_(y))'))
      .map((a) => a.getAttribute('href')), ['https://a.example/', 'https://b.example/', 'https://c.example/x_(y)']);
    assert.equal(render('[a](https://a.example "Title")').textContent, 'a');
    assert.deepEqual(links(render('[a](https://a.example and more)')).map((a) => a.getAttribute('href')),
      ['https://a.example/'], 'not a Markdown link; only the bare URL is linked');
  });

  test('bare and angle-bracket URLs become links without trailing punctuation', () => {
    const f = render('See https://example.com/x. Or <http://example.org>, or (https://en.wikipedia.org/wiki/A_(b)).');
    assert.deepEqual(links(f).map((a) => a.getAttribute('href')),
      ['https://example.com/x', 'http://example.org/', 'https://en.wikipedia.org/wiki/A_(b)']);
    assert.equal(f.textContent, 'See https://example.com/x. Or http://example.org, or (https://en.wikipedia.org/wiki/A_(b)).');
  });

  test('backslash escapes keep markers literal', () => {
    assert.equal(html(render('\\*not italic\\* and \\[not](a link)')), '<p>*not italic* and [not](a link)</p>');
  });

  test('windows line endings and empty input', () => {
    assert.equal(html(render('a\r\nb\r\n\r\nc')), '<p>a<br>b</p><p>c</p>');
    assert.equal(html(render('')), '');
    assert.equal(html(render('   \n\n')), '');
    assert.equal(html(render(undefined)), '');
  });
});

describe('XSS corpus: nothing executable reaches the DOM', () => {
  const textOnly = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<img src="x" onerror="alert(document.cookie)">',
    '<svg/onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<body onload=alert(1)>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;script&#62;alert(1)&#60;/script&#62;',
    '&#x3C;img src=x onerror=alert(1)&#x3E;',
    '<!-- comment --><script>alert(1)</script>',
    '<style>body{display:none}</style>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<template><script>alert(1)</script></template>',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ];

  for (const source of textOnly) {
    test(`shown as text: ${source}`, () => {
      const f = render(source);
      assertSafe(f, source);
      assert.deepEqual(elementsOf(f).map((e) => e.tagName), ['p']);
      assert.equal(f.textContent, source, 'the visitor sees exactly what the model wrote');
    });
  }

  const badLinks = [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](javascript :alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](java\nscript:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](\u00a0javascript:alert(1))',
    '[x](java%0ascript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript:alert(1))',
    '[x](&#0000106&#0000097vascript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](javascript&#58;alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](javascript:alert(1) "title")',
    '[x](vbscript:msgbox(1))',
    '[x](VBScript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](DATA:text/html,<script>alert(1)</script>)',
    '[x](data:image/svg+xml,<svg onload=alert(1)>)',
    '[x](file:///etc/passwd)',
    '[x](//evil.example/x)',
    '[x](/relative/path)',
    '[x](https:javascript:alert(1))',
    '[x](https:/\\evil.example)',
    '[x](http://)',
    '[x](https://ok.example" onclick="alert(1))',
    '[x](https://ok.example/"><script>alert(1)</script>)',
    '[x](https://ok.example/\u0000)',
    '[x](https://exa mple.com)',
    '<javascript:alert(1)>',
    '<JAVASCRIPT:alert(1)>',
    '<data:text/html,alert(1)>',
    '<vbscript:msgbox(1)>',
    '[x][1]\n\n[1]: javascript:alert(1)',
    '![img](javascript:alert(1))',
    '![img](https://evil.example/track.png)',
  ];

  for (const source of badLinks) {
    test(`no link for: ${JSON.stringify(source)}`, () => {
      const f = render(source);
      assertSafe(f, source);
      const kept = links(f).map((a) => a.getAttribute('href'));
      if (/https?:\/\//i.test(source)) {
        // A broken link may still show its http(s) part as a bare link, cut before any markup.
        for (const href of kept) assert.match(href, /^https?:\/\/(ok\.example|exa|evil\.example)\/[^"<>\s]*$/);
      } else {
        assert.deepEqual(kept, [], `no link expected, got ${kept}`);
      }
    });
  }

  test('link labels holding HTML stay text inside a safe link', () => {
    const source = '[<img src=x onerror=alert(1)>](https://example.com)';
    const f = render(source);
    assertSafe(f, source);
    assert.equal(html(f),
      '<p><a href="https://example.com/" rel="noopener noreferrer" target="_blank">&lt;img src=x onerror=alert(1)&gt;</a></p>');
  });

  test('a bare URL stops at markup', () => {
    const source = 'https://example.com/<script>alert(1)</script>';
    const f = render(source);
    assertSafe(f, source);
    assert.deepEqual(links(f).map((a) => a.getAttribute('href')), ['https://example.com/']);
    assert.equal(f.textContent, source);
  });

  test('links cannot nest, and markup in code stays text', () => {
    const source = '[a [b](https://b.example) c](https://a.example) `<script>` ```<b>```';
    const f = render(source);
    assertSafe(f, source);
    for (const a of links(f)) assert.deepEqual(links(a), []);
    assert.ok(elementsOf(f).every((e) => e.tagName !== 'b'));
  });

  test('unclosed fences and markers degrade to text', () => {
    for (const source of ['```\n<script>alert(1)</script>', '**unclosed <b>', '*a **b* c**', '[unclosed](https://x',
      '`unclosed <i>code', '***', '**', '_', '__init__', '[]()', '[x]()', '>', '<', '<>', '<<>>']) {
      const f = render(source);
      assertSafe(f, source);
      assert.equal(visible(f.textContent), visible(source), `text preserved for ${JSON.stringify(source)}`);
    }
  });

  test('bare list markers make empty items', () => {
    assert.equal(html(render('- \n- ')), '<ul><li></li><li></li></ul>');
    assert.equal(html(render('1.')), '<ol><li></li></ol>');
  });

  test('deeply nested markdown is bounded and safe', () => {
    const nestedLists = Array.from({ length: 60 }, (_, i) => ' '.repeat(i * 2) + '- level ' + i).join('\n');
    const nestedEmphasis = '*_'.repeat(200) + 'x' + '_*'.repeat(200);
    const nestedLinks = '['.repeat(300) + 'x' + '](https://example.com)'.repeat(300);
    for (const source of [nestedLists, nestedEmphasis, nestedLinks]) {
      const f = render(source);
      assertSafe(f, source);
    }
  });

  test('very long lines render quickly and keep every character', () => {
    const long = [
      'a'.repeat(200_000),
      '*'.repeat(100_000),
      '*a'.repeat(50_000),
      '_a '.repeat(40_000),
      '**a '.repeat(30_000),
      '`'.repeat(50_000),
      '` '.repeat(50_000),
      '['.repeat(50_000),
      '[a]('.repeat(30_000),
      '<'.repeat(100_000),
      '<a '.repeat(40_000),
      'http://'.repeat(20_000),
      'https://example.com/' + 'a'.repeat(100_000),
      ('<script>alert(1)</script>').repeat(5_000),
      '\\'.repeat(100_000),
    ];
    for (const source of long) {
      const started = process.hrtime.bigint();
      const f = render(source);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assertSafe(f, source.slice(0, 40));
      // A guard against catastrophic backtracking, not a benchmark: quadratic input takes minutes.
      assert.ok(ms < 3000, `${JSON.stringify(source.slice(0, 20))}... took ${ms} ms`);
      if (!source.startsWith('\\')) {
        assert.equal(visible(f.textContent), visible(source), `characters kept for ${JSON.stringify(source.slice(0, 20))}...`);
      }
    }
  });

  test('random mixes of markup never produce anything outside the allow-list', () => {
    const pieces = ['<script>', '</script>', '<img src=x onerror=alert(1)>', 'javascript:', 'JaVaScRiPt:',
      'data:text/html,', '[', ']', '(', ')', '*', '**', '_', '`', '```', '\n', '\n\n', '- ', '1. ', '  ',
      '<', '>', '"', "'", '&#106;', '&lt;', 'https://example.com', 'mailto:a@b.example', ' onload=', '\\',
      'x', 'word', '#', '\t', '\u0000', '\u2028', '~~~'];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      let source = '';
      const len = 1 + Math.floor(random() * 30);
      for (let k = 0; k < len; k++) source += pieces[Math.floor(random() * pieces.length)];
      assertSafe(render(source), source);
    }
  });
});

describe('safeHref', () => {
  test('accepts http, https and mailto and normalises them', () => {
    assert.equal(safeHref('https://Example.com'), 'https://example.com/');
    assert.equal(safeHref('HTTP://example.com/a b'), null);
    assert.equal(safeHref('  http://example.com/path?q=1#f  '), 'http://example.com/path?q=1#f');
    assert.equal(safeHref('mailto:ana@example.com'), 'mailto:ana@example.com');
  });

  test('rejects every other scheme and non-strings', () => {
    for (const bad of ['javascript:alert(1)', 'data:,x', 'vbscript:x', 'ftp://example.com', '/x', 'x', '',
      null, undefined, 42, {}, 'https://' + 'a'.repeat(3000) + '.com']) {
      assert.equal(safeHref(bad), null, `for ${String(bad).slice(0, 40)}`);
    }
  });
});

/** The text a reader sees, ignoring whitespace and the markers that Markdown consumes. */
function visible(s) {
  return s.replace(/[\s*_`]/g, '');
}
