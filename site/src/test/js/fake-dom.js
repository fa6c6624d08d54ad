// A tiny stand-in for the DOM, enough for render.js: Node 20 has no document. It records every
// element and attribute created so tests can check them, and fails loudly on any HTML-string API.

const FORBIDDEN = ['innerHTML', 'outerHTML', 'srcdoc'];

class FakeNode {
  constructor(nodeType) {
    this.nodeType = nodeType;
    this.childNodes = [];
    this.parentNode = null;
  }

  appendChild(child) {
    if (!(child instanceof FakeNode)) throw new TypeError('appendChild expects a node');
    if (child.nodeType === 11) {
      for (const c of [...child.childNodes]) this.appendChild(c);
      child.childNodes = [];
      return child;
    }
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }

  get textContent() {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}

for (const name of FORBIDDEN) {
  Object.defineProperty(FakeNode.prototype, name, {
    get() {
      throw new Error(`render.js must not use ${name}`);
    },
    set() {
      throw new Error(`render.js must not use ${name}`);
    },
  });
}
FakeNode.prototype.insertAdjacentHTML = () => {
  throw new Error('render.js must not use insertAdjacentHTML');
};

export class FakeText extends FakeNode {
  constructor(data) {
    super(3);
    if (typeof data !== 'string') throw new TypeError('text nodes take strings');
    this.data = data;
  }

  get textContent() {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  constructor(tagName) {
    super(1);
    this.tagName = tagName.toLowerCase();
    this.attributes = new Map();
  }

  setAttribute(name, value) {
    this.attributes.set(String(name).toLowerCase(), String(value));
  }

  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }

  set style(_) {
    throw new Error('render.js must not set inline styles');
  }
}

export class FakeFragment extends FakeNode {
  constructor() {
    super(11);
  }
}

export function createFakeDocument() {
  return {
    createElement: (tag) => new FakeElement(tag),
    createTextNode: (data) => new FakeText(data),
    createDocumentFragment: () => new FakeFragment(),
  };
}

/** Every element below {@code node}, depth first. */
export function elementsOf(node) {
  const out = [];
  const walk = (n) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 1) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** Serializes like a browser would (text escaped), for readable structural assertions. */
export function html(node) {
  const escapeText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const escapeAttr = (s) => escapeText(s).replace(/"/g, '&quot;');
  if (node.nodeType === 3) return escapeText(node.data);
  const inner = node.childNodes.map(html).join('');
  if (node.nodeType === 11) return inner;
  const attrs = [...node.attributes].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (node.tagName === 'br') return `<br${attrs}>`;
  return `<${node.tagName}${attrs}>${inner}</${node.tagName}>`;
}
