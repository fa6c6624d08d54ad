// Safe Markdown subset -> DOM nodes.
//
// Model output is untrusted. This renderer never builds HTML strings: it parses the text into a
// small tree and creates elements from a fixed allow-list with createElement/createTextNode, so
// raw HTML in the input always ends up as visible text. Links keep only http(s): and mailto:
// targets. The document is passed in, so the same code runs under Node's test runner.
//
// Supported: paragraphs, line breaks, bullet and numbered lists (nested), **bold**, *italic*,
// `inline code`, fenced code blocks, [links](https://...), <https://...> and bare http(s) URLs.
// ATX headings degrade to bold paragraphs; anything else stays text.

/** The elements the renderer may create; tests assert nothing else ever appears. */
export const ALLOWED_TAGS = Object.freeze(['p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'a']);

const MAX_DEPTH = 12;
const LINK_REL = 'noopener noreferrer';
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WHITESPACE = /\s/;
const ALNUM = /[\p{L}\p{N}]/u;
const URL_BODY = /^[^\s\u0000-\u001f\u007f<>"]+$/;
// Trailing punctuation that ends a sentence rather than a bare URL.
const BARE_URL = /https?:\/\/[^\s<>"`]+/iy;
const MAX_URL = 2048;
// Deeper bracket or parenthesis nesting than this never makes a link; stopping early keeps
// lines full of "[" or "(" linear.
const MAX_LINK_NESTING = 4;
const URL_TRAILING = /[.,:;!?'"*_]+$/;

/**
 * Returns the href to use for a link target, or null when the target is not allowed.
 * Only absolute http:, https: and mailto: URLs pass; the check runs on the exact string and on
 * the parsed URL, so case tricks, entities, whitespace or control characters cannot smuggle in
 * another scheme.
 */
export function safeHref(raw) {
  if (typeof raw !== 'string') return null;
  const candidate = raw.trim();
  if (candidate.length === 0 || candidate.length > 2048 || !URL_BODY.test(candidate)) return null;
  if (!/^(https?:\/\/[^/?#]|mailto:[^/])/i.test(candidate)) return null;
  let parsed;
  try {
    parsed = new URL(candidate);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) return null;
  return parsed.href;
}

/** Renders {@code source} into a new DocumentFragment of {@code doc}. */
export function renderMarkdown(source, doc) {
  const fragment = doc.createDocumentFragment();
  const text = typeof source === 'string' ? source : String(source ?? '');
  for (const block of parseBlocks(text.replace(/\r\n?/g, '\n').split('\n'), 0)) {
    fragment.appendChild(buildBlock(block, doc));
  }
  return fragment;
}

// ---------------------------------------------------------------------------------------------
// Blocks

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)(.*)$/;
const HEADING = /^ {0,3}#{1,6}(?: +|$)(.*)$/;

function indentOf(line) {
  let n = 0;
  while (n < line.length && line[n] === ' ') n++;
  return n;
}

function isBlank(line) {
  return line.trim().length === 0;
}

function listItemOf(line) {
  const expanded = line.replace(/\t/g, '    ');
  const m = LIST_ITEM.exec(expanded);
  if (!m) return null;
  const marker = m[2];
  const ordered = /\d/.test(marker[0]);
  const spaces = m[3].length === 0 ? 1 : Math.min(m[3].length, 4);
  return {
    indent: m[1].length,
    ordered,
    delimiter: ordered ? marker[marker.length - 1] : marker,
    start: ordered ? Number.parseInt(marker, 10) : 1,
    contentColumn: m[1].length + marker.length + spaces,
    content: m[4],
  };
}

function parseBlocks(lines, depth) {
  const blocks = [];
  let paragraph = [];
  const flush = () => {
    if (paragraph.length > 0) {
      blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
      paragraph = [];
    }
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      flush();
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      flush();
      const closing = new RegExp('^ {0,3}' + fence[1][0] + '{' + fence[1].length + ',}\\s*$');
      const code = [];
      i++;
      while (i < lines.length && !closing.test(lines[i])) code.push(lines[i++]);
      i++; // the closing fence, or past the end when the fence was never closed
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    const item = depth < MAX_DEPTH ? listItemOf(line) : null;
    // A numbered line only starts a list outside a paragraph, so "in\n2024. we moved" stays text.
    if (item && (paragraph.length === 0 || !item.ordered || item.start === 1)) {
      flush();
      const list = parseList(lines, i, depth);
      blocks.push(list.block);
      i = list.next;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', text: heading[1].replace(/ +#+ *$/, '').trim() });
      i++;
      continue;
    }
    paragraph.push(line);
    i++;
  }
  flush();
  return blocks;
}

function parseList(lines, start, depth) {
  const first = listItemOf(lines[start]);
  const list = { type: 'list', ordered: first.ordered, start: first.start, items: [] };
  let i = start;
  while (i < lines.length) {
    const item = listItemOf(lines[i]);
    if (!item || item.indent > first.indent + 3 || item.ordered !== first.ordered
        || item.delimiter !== first.delimiter) {
      break;
    }
    const body = [item.content];
    let inFence = FENCE.test(item.content);
    i++;
    while (i < lines.length) {
      const line = lines[i];
      if (inFence) {
        body.push(line.slice(Math.min(indentOf(line), item.contentColumn)));
        if (FENCE.test(line)) inFence = false;
        i++;
        continue;
      }
      if (isBlank(line)) {
        // A blank line continues the item only when indented content follows it.
        let j = i + 1;
        while (j < lines.length && isBlank(lines[j])) j++;
        if (j < lines.length && indentOf(lines[j]) >= item.contentColumn) {
          for (; i < j; i++) body.push('');
          continue;
        }
        break;
      }
      const indent = indentOf(line);
      const nested = listItemOf(line);
      if (nested && indent <= item.indent) break; // a sibling, or the end of a nested list
      if (!nested && indent <= item.indent && FENCE.test(line)) break;
      if (!nested && indent <= item.indent && HEADING.test(line)) break;
      body.push(line.slice(Math.min(indent, item.contentColumn)));
      if (FENCE.test(line)) inFence = true;
      i++;
    }
    list.items.push(parseBlocks(body, depth + 1));
    // A blank line between two items of the same list keeps the list going.
    let j = i;
    while (j < lines.length && isBlank(lines[j])) j++;
    if (j > i && j < lines.length) {
      const next = listItemOf(lines[j]);
      if (next && next.indent === first.indent && next.ordered === first.ordered
          && next.delimiter === first.delimiter) {
        i = j;
      }
    }
  }
  return { block: list, next: i };
}

function buildBlock(block, doc) {
  switch (block.type) {
    case 'paragraph': {
      const p = doc.createElement('p');
      appendInlines(p, parseInlines(block.text, 0, false), doc);
      return p;
    }
    case 'heading': {
      const p = doc.createElement('p');
      const strong = doc.createElement('strong');
      appendInlines(strong, parseInlines(block.text, 0, false), doc);
      p.appendChild(strong);
      return p;
    }
    case 'code': {
      const pre = doc.createElement('pre');
      const code = doc.createElement('code');
      code.appendChild(doc.createTextNode(block.text));
      pre.appendChild(code);
      return pre;
    }
    case 'list': {
      const list = doc.createElement(block.ordered ? 'ol' : 'ul');
      if (block.ordered && block.start !== 1) list.setAttribute('start', String(block.start));
      for (const itemBlocks of block.items) {
        const li = doc.createElement('li');
        const paragraphs = itemBlocks.filter((b) => b.type === 'paragraph').length;
        for (const child of itemBlocks) {
          if (child.type === 'paragraph' && paragraphs === 1) {
            // Tight items hold their text directly, without a paragraph's margins.
            appendInlines(li, parseInlines(child.text, 0, false), doc);
          } else {
            li.appendChild(buildBlock(child, doc));
          }
        }
        list.appendChild(li);
      }
      return list;
    }
    default:
      throw new Error('unknown block ' + block.type);
  }
}

// ---------------------------------------------------------------------------------------------
// Inlines

function parseInlines(text, depth, insideLink) {
  const nodes = [];
  let plain = '';
  const pushText = (s) => {
    plain += s;
  };
  const pushNode = (node) => {
    if (plain) nodes.push({ type: 'text', text: plain });
    plain = '';
    nodes.push(node);
  };
  // Remembers delimiter runs that have no closer from some position on, so a line full of
  // unmatched markers stays linear instead of rescanning the rest of the line for each one.
  const noCloser = new Map();
  let nextGt = 0;
  let noAutolinkBefore = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];

    if (c === '\\' && i + 1 < text.length && ASCII_PUNCTUATION.test(text[i + 1])) {
      pushText(text[i + 1]);
      i += 2;
      continue;
    }

    if (c === '\n') {
      pushNode({ type: 'break' });
      i++;
      continue;
    }

    if (c === '`') {
      const run = runLength(text, i, '`');
      const close = findCodeClose(text, i + run, run, noCloser);
      if (close >= 0) {
        let code = text.slice(i + run, close).replace(/\n/g, ' ');
        if (code.length > 2 && code[0] === ' ' && code[code.length - 1] === ' ' && code.trim()) {
          code = code.slice(1, -1);
        }
        pushNode({ type: 'code', text: code });
        i = close + run;
      } else {
        pushText(text.slice(i, i + run));
        i += run;
      }
      continue;
    }

    if (c === '[' && !insideLink && depth < MAX_DEPTH) {
      const link = parseLink(text, i);
      if (link) {
        pushNode({ type: 'link', href: link.href, children: parseInlines(link.label, depth + 1, true) });
        i = link.end;
        continue;
      }
    }

    if (c === '<' && !insideLink) {
      if (nextGt !== -1 && nextGt <= i) nextGt = text.indexOf('>', i + 1);
      const end = nextGt;
      const href = end > i && end - i < 2100 ? safeHref(text.slice(i + 1, end)) : null;
      if (href) {
        pushNode({ type: 'link', href, children: [{ type: 'text', text: text.slice(i + 1, end) }] });
        i = end + 1;
        continue;
      }
    }

    if ((c === 'h' || c === 'H') && !insideLink && i >= noAutolinkBefore && (i === 0 || !ALNUM.test(text[i - 1]))) {
      const bare = bareUrlAt(text, i);
      if (bare?.skipTo) {
        noAutolinkBefore = bare.skipTo;
      } else if (bare) {
        pushNode({ type: 'link', href: bare.href, children: [{ type: 'text', text: bare.text }] });
        i += bare.text.length;
        continue;
      }
    }

    if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
      const run = runLength(text, i, c);
      const close = run <= 3 ? findEmphasisClose(text, i, run, c, noCloser) : -1;
      if (close >= 0) {
        let children = parseInlines(text.slice(i + run, close), depth + 1, insideLink);
        if (run === 1) {
          pushNode({ type: 'em', children });
        } else if (run === 2) {
          pushNode({ type: 'strong', children });
        } else {
          pushNode({ type: 'strong', children: [{ type: 'em', children }] });
        }
        i = close + run;
      } else {
        pushText(text.slice(i, i + run));
        i += run;
      }
      continue;
    }

    pushText(c);
    i++;
  }
  if (plain) nodes.push({ type: 'text', text: plain });
  return nodes;
}

function runLength(text, i, c) {
  let n = 0;
  while (i + n < text.length && text[i + n] === c) n++;
  return n;
}

function findCodeClose(text, from, run, noCloser) {
  const key = '`' + run;
  if ((noCloser.get(key) ?? Infinity) <= from) return -1;
  let j = text.indexOf('`', from);
  while (j >= 0) {
    const len = runLength(text, j, '`');
    if (len === run) return j;
    j = text.indexOf('`', j + len);
  }
  noCloser.set(key, from);
  return -1;
}

function findEmphasisClose(text, open, run, c, noCloser) {
  const after = text[open + run];
  // An opener must touch the text it wraps; "_" must also not sit inside a word (snake_case).
  if (after === undefined || WHITESPACE.test(after)) return -1;
  if (c === '_' && open > 0 && ALNUM.test(text[open - 1])) return -1;
  const key = c + run;
  const from = open + run;
  if ((noCloser.get(key) ?? Infinity) <= from) return -1;
  let j = text.indexOf(c, from + 1);
  while (j >= 0) {
    const len = runLength(text, j, c);
    const before = text[j - 1];
    const next = text[j + len];
    if (len === run && !WHITESPACE.test(before) && !(c === '_' && next !== undefined && ALNUM.test(next))) {
      return j;
    }
    j = text.indexOf(c, j + len);
  }
  noCloser.set(key, from);
  return -1;
}

function parseLink(text, open) {
  // Label: up to the matching "]" (brackets may nest a little); then "(" target ")".
  let depth = 0;
  let j = open;
  for (; j < text.length && j - open < 1000; j++) {
    const ch = text[j];
    if (ch === '\\') {
      j++;
    } else if (ch === '[') {
      if (++depth > MAX_LINK_NESTING) return null;
    } else if (ch === ']') {
      depth--;
      if (depth === 0) break;
    } else if (ch === '\n' && text[j + 1] === '\n') {
      return null;
    }
  }
  if (depth !== 0 || text[j + 1] !== '(') return null;
  const label = text.slice(open + 1, j);
  let k = j + 2;
  while (text[k] === ' ') k++;
  const targetStart = k;
  let targetEnd = -1;
  let parens = 1;
  for (; k < text.length && k - j < 2100; k++) {
    const ch = text[k];
    if (ch === '\n') return null;
    if (WHITESPACE.test(ch)) {
      // Only an optional title ("...", dropped) may follow the target, and then the link ends.
      const title = /^\s+(?:"[^"\n]{0,300}"\s*)?\)/.exec(text.slice(k, k + 320));
      if (!title || parens !== 1) return null;
      targetEnd = k;
      k += title[0].length - 1;
      parens = 0;
      break;
    }
    if (ch === '(') {
      if (++parens > MAX_LINK_NESTING) return null;
    } else if (ch === ')' && --parens === 0) {
      break;
    }
  }
  if (parens !== 0) return null;
  let target = text.slice(targetStart, targetEnd >= 0 ? targetEnd : k);
  if (target.startsWith('<') && target.endsWith('>')) target = target.slice(1, -1);
  const href = safeHref(target);
  if (!href || label.trim().length === 0) return null;
  return { label, href, end: k + 1 };
}

function bareUrlAt(text, i) {
  BARE_URL.lastIndex = i;
  const m = BARE_URL.exec(text);
  if (!m) return null;
  // Too long to be a link: skip the whole run, so "http://" repeated is not rescanned at each "h".
  if (m[0].length > MAX_URL) return { skipTo: i + m[0].length };
  let url = m[0];
  for (;;) {
    const trimmed = url.replace(URL_TRAILING, '');
    // Keep a ")" only when it closes a "(" inside the URL, as in Wikipedia links.
    const unbalanced = trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')');
    const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
    if (next === url) break;
    url = next;
  }
  const href = safeHref(url);
  return href ? { text: url, href } : null;
}

function count(s, ch) {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function appendInlines(parent, nodes, doc) {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        parent.appendChild(doc.createTextNode(node.text));
        break;
      case 'break':
        parent.appendChild(doc.createElement('br'));
        break;
      case 'code': {
        const code = doc.createElement('code');
        code.appendChild(doc.createTextNode(node.text));
        parent.appendChild(code);
        break;
      }
      case 'em':
      case 'strong': {
        const el = doc.createElement(node.type);
        appendInlines(el, node.children, doc);
        parent.appendChild(el);
        break;
      }
      case 'link': {
        const a = doc.createElement('a');
        a.setAttribute('href', node.href);
        a.setAttribute('rel', LINK_REL);
        a.setAttribute('target', '_blank');
        appendInlines(a, node.children, doc);
        parent.appendChild(a);
        break;
      }
      default:
        throw new Error('unknown inline ' + node.type);
    }
  }
}
