// Tests for the page's non-DOM modules (config, API client, session store) and static checks that
// the page works under a Content-Security-Policy of default-src 'self' with no third-party requests.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

import { normalizeConfig, loadConfig, DEFAULT_CONFIG } from '../../main/resources/twin-site/config.js';
import { createApi, ChatError, StreamUnavailable, parseEvents, describeError, kindOf, MAX_MESSAGE_LENGTH, newTurnId } from '../../main/resources/twin-site/api.js';
import { createSessionStore } from '../../main/resources/twin-site/session.js';

const SITE = fileURLToPath(new URL('../../main/resources/twin-site/', import.meta.url));
const read = (name) => readFileSync(join(SITE, name), 'utf8');

function jsonResponse(status, body) {
  return { ok: status >= 200 && status < 300, status, json: async () => body };
}

describe('config.json', () => {
  test('a missing or broken file gives the defaults', async () => {
    const missing = await loadConfig(async () => jsonResponse(404, null));
    const offline = await loadConfig(async () => {
      throw new TypeError('Failed to fetch');
    });
    const garbage = await loadConfig(async () => ({ ok: true, status: 200, json: async () => { throw new SyntaxError('x'); } }));
    for (const config of [missing, offline, garbage]) {
      assert.equal(config.apiUrl, '/api');
      assert.equal(config.twinName, DEFAULT_CONFIG.twinName);
      assert.equal(config.avatar, 'avatar.svg');
      assert.deepEqual(config.starterQuestions, []);
      assert.match(config.intro, /Ask Digital twin/);
    }
  });

  test('fields are taken, trimmed and bounded', () => {
    const config = normalizeConfig({
      apiUrl: 'https://api.example.com/prod/',
      twinName: '  Ana   Lima ',
      avatar: 'me.jpg',
      intro: 'Engineer.',
      starterQuestions: ['What do you do?', '', 42, 'What do you do?', ...Array(10).fill('q').map((q, i) => q + i)],
    });
    assert.equal(config.apiUrl, 'https://api.example.com/prod');
    assert.equal(config.twinName, 'Ana Lima');
    assert.equal(config.avatar, 'me.jpg');
    assert.equal(config.intro, 'Engineer.');
    assert.deepEqual(config.starterQuestions, ['What do you do?', 'q0', 'q1', 'q2', 'q3', 'q4']);
  });

  test('unsafe or wrongly typed values fall back to defaults', () => {
    const config = normalizeConfig({
      apiUrl: 'javascript:alert(1)', twinName: 7, avatar: 'javascript:alert(1)', intro: ['x'], starterQuestions: 'nope',
    });
    assert.equal(config.apiUrl, '/api');
    assert.equal(config.twinName, 'Digital twin');
    assert.equal(config.avatar, 'avatar.svg');
    assert.deepEqual(config.starterQuestions, []);
    for (const avatar of ['data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/a.png', 'x" onerror="y', null]) {
      assert.equal(normalizeConfig({ avatar }).avatar, 'avatar.svg', String(avatar));
    }
    assert.equal(normalizeConfig({ avatar: 'https://cdn.example.com/ana.png' }).avatar, 'https://cdn.example.com/ana.png');
    assert.equal(normalizeConfig([]).apiUrl, '/api');
  });
});

describe('API client', () => {
  test('chat posts the message and session id and returns the reply', async () => {
    const calls = [];
    const api = createApi('/api/', async (url, init) => {
      calls.push({ url, init });
      return jsonResponse(200, { response: 'Hi!', session_id: '3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f' });
    });
    const reply = await api.chat('Hello', '3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f');
    assert.deepEqual(reply, { response: 'Hi!', sessionId: '3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f' });
    assert.equal(calls[0].url, '/api/chat');
    assert.equal(calls[0].init.method, 'POST');
    assert.deepEqual(JSON.parse(calls[0].init.body), { message: 'Hello', session_id: '3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f' });
  });

  test('the first message is sent without a session id', async () => {
    let body;
    const api = createApi('/api', async (_, init) => {
      body = JSON.parse(init.body);
      return jsonResponse(200, { response: 'Hi', session_id: 'x' });
    });
    await api.chat('Hello', null);
    assert.deepEqual(body, { message: 'Hello' });
  });

  test('a turn id goes with the message, so a Retry can repeat it', async () => {
    const bodies = [];
    const api = createApi('/api', async (_, init) => {
      bodies.push(JSON.parse(init.body));
      return jsonResponse(200, { response: 'Hi', session_id: 'x' });
    });
    await api.chat('Hello', 'x', undefined, 'turn-0001-abcd');
    await api.chat('Hello', null, undefined, 'turn-0001-abcd');
    assert.deepEqual(bodies, [
      { message: 'Hello', session_id: 'x', turn_id: 'turn-0001-abcd' },
      { message: 'Hello', turn_id: 'turn-0001-abcd' },
    ]);
  });

  test('turn ids are random UUIDs, or 32 random hex digits where randomUUID is missing', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newTurnId()));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/);
    const legacy = newTurnId({ getRandomValues: (a) => a.fill(171) });
    assert.equal(legacy, 'ab'.repeat(16));
    // what the API accepts: 8 to 64 of [A-Za-z0-9_-]
    assert.match(legacy, /^[A-Za-z0-9_-]{8,64}$/);
  });

  test('conversation keeps user and assistant messages in order', async () => {
    let url;
    const api = createApi('/api', async (u) => {
      url = u;
      return jsonResponse(200, { session_id: 'x', messages: [
        { role: 'user', content: 'Q', timestamp: 't' }, { role: 'system', content: 'S' },
        { role: 'assistant', content: 'A', timestamp: 't' }, null] });
    });
    assert.deepEqual(await api.conversation('a/b'), [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }]);
    assert.equal(url, '/api/conversation/a%2Fb');
  });

  test('HTTP errors become typed errors with the server code', async () => {
    const cases = [
      [400, 'invalid_request', 'rejected'], [404, 'conversation_not_found', 'not_found'],
      [409, 'conversation_too_long', 'conversation_too_long'],
      [409, 'conversation_busy', 'busy'], [400, 'invalid_message', 'rejected'], [413, 'message_too_long', 'message_too_long'],
      [429, 'rate_limited', 'rate_limited'], [429, 'daily_limit_reached', 'daily_limit'], [500, 'internal', 'server'], [502, 'model_refused', 'bad_gateway'],
      [503, 'model_unavailable', 'unavailable'], [504, 'model_timeout', 'timeout'],
    ];
    for (const [status, code, kind] of cases) {
      const api = createApi('/api', async () => jsonResponse(status, { error: { code, message: 'msg' } }));
      await assert.rejects(api.chat('x', null), (e) => e instanceof ChatError && e.kind === kind && e.code === code,
        `status ${status}`);
    }
  });

  test('a network failure is "offline" and a non-JSON error page is still typed', async () => {
    const offline = createApi('/api', async () => {
      throw new TypeError('Failed to fetch');
    });
    await assert.rejects(offline.chat('x'), (e) => e.kind === 'offline');
    const html = createApi('/api', async () => ({ ok: false, status: 503, json: async () => { throw new SyntaxError(); } }));
    await assert.rejects(html.chat('x'), (e) => e.kind === 'unavailable' && e.code === undefined);
    const malformed = createApi('/api', async () => jsonResponse(200, { reply: 'x' }));
    await assert.rejects(malformed.chat('x'), (e) => e.kind === 'server');
  });

  test('every kind has plain words; only retryable ones offer Retry', () => {
    assert.equal(kindOf(409, 'other'), 'rejected');
    for (const kind of ['offline', 'busy', 'timeout', 'rate_limited', 'unavailable', 'bad_gateway', 'server']) {
      const d = describeError(new ChatError(kind, 0), 'Ana');
      assert.equal(d.retry, true, kind);
      assert.ok(d.text.length > 10 && !/undefined|null|\[object/.test(d.text), d.text);
    }
    assert.deepEqual(describeError(new ChatError('conversation_too_long', 409), 'Ana').restart, true);
    assert.equal(describeError(new ChatError('message_too_long', 413), 'Ana').retry, false);
    // the daily budget resets at midnight: Retry would only fail again
    assert.equal(describeError(new ChatError('daily_limit', 429), 'Ana').retry, false);
    assert.match(describeError(new ChatError('daily_limit', 429), 'Ana').text, /^Ana .*tomorrow/);
    assert.match(describeError(new ChatError('message_too_long', 413), 'Ana').text, /4,000/);
    assert.equal(MAX_MESSAGE_LENGTH, 4000);
  });
});

describe('streaming API client', () => {
  /** A Response whose body arrives in the given text chunks, one per read. */
  function streamResponse(chunks, status = 200, type = 'text/event-stream; charset=utf-8') {
    const encoder = new TextEncoder();
    const body = new ReadableStream({
      start(controller) {
        for (const c of chunks) controller.enqueue(encoder.encode(c));
        controller.close();
      },
    });
    return new Response(body, { status, headers: { 'content-type': type } });
  }

  test('parseEvents returns complete events and keeps the unfinished rest', () => {
    const { events, rest } = parseEvents('event: delta\ndata: {"text":"Hi"}\n\nevent: delta\ndata: {"te');
    assert.deepEqual(events, [{ name: 'delta', data: { text: 'Hi' } }]);
    assert.equal(rest, 'event: delta\ndata: {"te');
  });

  test('chatStream hands over each delta in order, even split mid-event, and resolves on done', async () => {
    let sent;
    const api = createApi('/api', async (url, init) => {
      sent = { url, init };
      return streamResponse([
        'event: delta\ndata: {"text":"Hel',
        'lo "}\n\nevent: delta\ndata: {"text":"there."}\n\n',
        'event: done\ndata: {"response":"Hello there.","session_id":"s-1","turn_id":"t-00000001"}\n\n',
      ]);
    });
    const pieces = [];
    const reply = await api.chatStream('hi', null, undefined, 't-00000001', (p) => pieces.push(p));
    assert.deepEqual(pieces, ['Hello ', 'there.']);
    assert.deepEqual(reply, { response: 'Hello there.', sessionId: 's-1', withheld: false });
    assert.equal(sent.url, '/api/chat/stream');
    const body = Buffer.from(sent.init.body);
    assert.deepEqual(JSON.parse(body.toString()), { message: 'hi', turn_id: 't-00000001' });
    // CloudFront's origin access control signs a POST to the function URL only with this header
    assert.equal(sent.init.headers['x-amz-content-sha256'], createHash('sha256').update(body).digest('hex'));
  });

  test('withheld resolves with the refusal; an error event is a typed error', async () => {
    const withheld = await createApi('/api', async () => streamResponse([
      'event: delta\ndata: {"text":"My rules "}\n\nevent: withheld\ndata: {"response":"I cannot share that.","session_id":"s-2"}\n\n',
    ])).chatStream('x', null, undefined, undefined, () => {});
    assert.deepEqual(withheld, { response: 'I cannot share that.', sessionId: 's-2', withheld: true });

    await assert.rejects(
      createApi('/api', async () => streamResponse([
        'event: delta\ndata: {"text":"Hel"}\n\nevent: error\ndata: {"error":{"code":"model_timeout","message":"slow"}}\n\n',
      ])).chatStream('x', null, undefined, undefined, () => {}),
      (e) => e instanceof ChatError && e.kind === 'timeout' && e.code === 'model_timeout');
  });

  test('a door that fails before the first byte is StreamUnavailable; the twin\'s own JSON error is not', async () => {
    const forbidden = createApi('/api', async () => streamResponse(['<html>403</html>'], 403, 'text/html'));
    await assert.rejects(forbidden.chatStream('x', null, undefined, undefined, () => {}), StreamUnavailable);
    const offline = createApi('/api', async () => {
      throw new TypeError('Failed to fetch');
    });
    await assert.rejects(offline.chatStream('x', null, undefined, undefined, () => {}), StreamUnavailable);
    const notAStream = createApi('/api', async () => streamResponse(['{}'], 200, 'application/json'));
    await assert.rejects(notAStream.chatStream('x', null, undefined, undefined, () => {}), StreamUnavailable);
    const rejected = createApi('/api', async () => streamResponse(
      ['{"error":{"code":"invalid_message","message":"message is blank"}}'], 400, 'application/json'));
    await assert.rejects(rejected.chatStream('x', null, undefined, undefined, () => {}),
      (e) => e instanceof ChatError && e.kind === 'rejected');
  });

  test('streaming is on only when config.json says true', () => {
    assert.equal(normalizeConfig({ streaming: true }).streaming, true);
    assert.equal(normalizeConfig({ streaming: 'yes' }).streaming, false);
    assert.equal(normalizeConfig({}).streaming, false);
  });
});

describe('session store', () => {
  function memoryStorage() {
    const map = new Map();
    return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k), map };
  }

  test('keeps a UUID session id and forgets anything else', () => {
    const storage = memoryStorage();
    const store = createSessionStore(storage);
    store.saveSession('3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f');
    assert.equal(store.loadSession(), '3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f');
    storage.setItem('twin.sessionId', '../../etc');
    assert.equal(store.loadSession(), null);
    assert.equal(storage.map.has('twin.sessionId'), false);
  });

  test('storage that throws or is missing does not break the page', () => {
    const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('quota'); }, removeItem() { throw new Error('x'); } };
    for (const storage of [throwing, undefined, null]) {
      const store = createSessionStore(storage);
      store.saveSession('3f2a8c1e-0b7d-4c1a-9e55-0a1b2c3d4e5f');
      store.saveDraft('hello');
      assert.equal(store.loadSession(), null);
      assert.equal(store.loadDraft(), '');
    }
  });
});

describe('static page', () => {
  const html = read('index.html');

  test('has no inline scripts, styles or event handlers (CSP default-src self)', () => {
    for (const tag of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
      assert.match(tag[0], /\bsrc="[^":]+\.js"/, 'scripts load from the site itself');
      assert.equal(tag[1].trim(), '', 'no inline script body');
    }
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /javascript:/i);
  });

  test('loads nothing from another origin', () => {
    for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/gi)) {
      assert.doesNotMatch(m[1], /^(https?:)?\/\//i, `${m[1]} would be a third-party request`);
    }
    assert.doesNotMatch(read('styles.css'), /url\(|@import/i, 'no fonts or images fetched by CSS');
    for (const svg of ['favicon.svg', 'avatar.svg']) {
      assert.doesNotMatch(read(svg).replace('xmlns="http://www.w3.org/2000/svg"', ''), /https?:|<script|\son[a-z]+=/i);
    }
  });

  test('the transcript is a polite live log present at load, and every control is labelled', () => {
    // the role sits on a wrapper: on the <ol> itself it would strip the list semantics (axe: listitem)
    assert.match(html, /<div [^>]*id="log"[^>]*role="log"[^>]*aria-live="polite"[^>]*>\s*<ol [^>]*id="transcript"/);
    assert.doesNotMatch(html, /<ol [^>]*role=/);
    assert.match(html, /<label [^>]*for="message"/);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<link rel="icon" href="favicon.svg"/);
  });

  test('no script builds HTML from strings', () => {
    const scripts = readdirSync(SITE).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length >= 5, scripts.join());
    for (const file of scripts) {
      const code = read(file).replace(/^\s*\/\/.*$/gm, '');
      for (const banned of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function',
        'setAttribute(\'style', 'srcdoc', 'DOMParser', 'createContextualFragment']) {
        assert.ok(!code.includes(banned), `${file} uses ${banned}`);
      }
    }
  });
});
