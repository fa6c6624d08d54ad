// The chat API client: POST {apiUrl}/chat and GET {apiUrl}/conversation/{id}, with every failure
// turned into a ChatError whose kind the page can explain in plain words.

/** The longest message the API accepts, in UTF-16 code units like the runtime counts them. */
export const MAX_MESSAGE_LENGTH = 4000;

const TIMEOUT_MS = 60_000;

/** Why a call failed; {@code kind} is one of the keys of {@link describeError}'s table. */
export class ChatError extends Error {
  constructor(kind, status, code, serverMessage) {
    super(`${kind}${status ? ' (' + status + ')' : ''}${code ? ' ' + code : ''}`);
    this.name = 'ChatError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

/** Maps an HTTP status and the API's error code to a failure kind. */
export function kindOf(status, code) {
  if (status === 409 && (code === 'conversation_too_long' || code === 'conversation_unreadable')) {
    return 'conversation_too_long';
  }
  if (status === 409 && code === 'conversation_busy') return 'busy';
  if (status === 413 || code === 'message_too_long') return 'message_too_long';
  if (status === 429 && code === 'daily_limit_reached') return 'daily_limit';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 409 || status === 422) return 'rejected';
  if (status === 503) return 'unavailable';
  if (status === 502) return 'bad_gateway';
  if (status === 504) return 'timeout';
  return 'server';
}

/** Plain words for each failure, and whether Retry can help. */
export function describeError(error, twinName) {
  const kind = error instanceof ChatError ? error.kind : 'server';
  switch (kind) {
    case 'offline':
      return { text: `Can't reach ${twinName} — check your internet connection, then retry.`, retry: true };
    case 'timeout':
      return { text: `${twinName} took too long to answer. Try again.`, retry: true };
    case 'busy':
      return { text: 'This conversation is answering in another tab or window. Try again in a moment.', retry: true };
    case 'rate_limited':
      return { text: 'Too many messages in a short time. Wait a moment, then retry.', retry: true };
    case 'daily_limit':
      // Retry cannot help until the budget resets, so the page does not offer it
      return { text: `${twinName} has answered all the questions it can for today. Please come back tomorrow.`, retry: false };
    case 'unavailable':
      return { text: `${twinName} is unavailable right now. Try again in a moment.`, retry: true };
    case 'bad_gateway':
      return { text: `${twinName} couldn't answer this time. Try again.`, retry: true };
    case 'conversation_too_long':
      return { text: 'This conversation has grown too long to continue. Start a new one to keep talking.', retry: false, restart: true };
    case 'message_too_long':
      return { text: `That message is too long: keep it under ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')} characters.`, retry: false };
    case 'rejected':
      return { text: 'The message was not accepted' + (error.serverMessage ? `: ${error.serverMessage}` : '.'), retry: false };
    default:
      return { text: 'Something went wrong on our side. Try again.', retry: true };
  }
}

/** A new id for one turn: a random UUID where the browser has one (any secure context). */
export function newTurnId(cryptoImpl = globalThis.crypto) {
  if (cryptoImpl?.randomUUID) return cryptoImpl.randomUUID();
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Thrown when the stream route failed before its first byte: the caller uses POST /chat instead. */
export class StreamUnavailable extends Error {
  constructor(reason) {
    super(`stream unavailable: ${reason}`);
    this.name = 'StreamUnavailable';
  }
}

/** The kind of failure an {@code error} event's code stands for (the stream is already a 200). */
export function kindOfCode(code) {
  switch (code) {
    case 'rate_limited':
    case 'model_throttled':
      return 'rate_limited';
    case 'daily_limit_reached':
      return 'daily_limit';
    case 'model_timeout':
      return 'timeout';
    case 'conversation_busy':
      return 'busy';
    case 'conversation_too_long':
    case 'conversation_unreadable':
      return 'conversation_too_long';
    case 'storage_unavailable':
    case 'persona_unavailable':
    case 'model_unavailable':
      return 'unavailable';
    case 'invalid_message':
    case 'invalid_json':
    case 'invalid_session_id':
    case 'invalid_turn_id':
    case 'turn_id_reused':
    case 'unsupported_content_type':
      return 'rejected';
    case 'payload_too_large':
      return 'message_too_long';
    case 'conversation_not_found':
      return 'not_found';
    case 'internal_error':
      return 'server';
    default:
      return 'bad_gateway';
  }
}

/**
 * Splits Server-Sent Events text into complete events; returns them and the unfinished rest.
 * Each event is {name, data} with data parsed as JSON (null when it is not JSON).
 */
export function parseEvents(buffer) {
  const events = [];
  let rest = buffer.replace(/\r\n/g, '\n');
  let end;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
    if (data.length === 0) continue;
    let parsed = null;
    try {
      parsed = JSON.parse(data.join('\n'));
    } catch {
      parsed = null;
    }
    events.push({ name, data: parsed });
  }
  return { events, rest };
}

/** Hex SHA-256 of {@code bytes}: CloudFront's origin access control signs a POST only with it. */
async function sha256Hex(bytes, cryptoImpl = globalThis.crypto) {
  if (!cryptoImpl?.subtle) return null; // not a secure context: the local server needs none
  const digest = await cryptoImpl.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates a client for the API at {@code apiUrl} (e.g. "/api" or "https://api.example.com"). */
export function createApi(apiUrl, fetchImpl = globalThis.fetch.bind(globalThis)) {
  const base = String(apiUrl || '/api').replace(/\/+$/, '');

  async function call(path, init, signal) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ChatError('timeout', 0)), TIMEOUT_MS);
    const abortFromCaller = () => controller.abort(new ChatError('aborted', 0));
    signal?.addEventListener('abort', abortFromCaller, { once: true });
    let response;
    try {
      response = await fetchImpl(base + path, { ...init, signal: controller.signal, headers: { Accept: 'application/json', ...init.headers } });
    } catch (cause) {
      if (controller.signal.aborted && controller.signal.reason instanceof ChatError) throw controller.signal.reason;
      throw new ChatError('offline', 0);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abortFromCaller);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body && typeof body.error === 'object' && body.error ? body.error : {};
      const code = typeof error.code === 'string' ? error.code : undefined;
      const message = typeof error.message === 'string' ? error.message.slice(0, 300) : undefined;
      throw new ChatError(kindOf(response.status, code), response.status, code, message);
    }
    if (body === null || typeof body !== 'object') throw new ChatError('server', response.status, 'invalid_body');
    return body;
  }

  return {
    /**
     * Sends one visitor message; resolves to {response, sessionId}. A Retry sends the same turnId,
     * so a message whose answer was lost on the way is answered from the stored turn, not stored twice.
     */
    async chat(message, sessionId, signal, turnId) {
      const payload = sessionId ? { message, session_id: sessionId } : { message };
      if (turnId) payload.turn_id = turnId;
      const body = await call('/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(payload),
      }, signal);
      if (typeof body.response !== 'string' || typeof body.session_id !== 'string') {
        throw new ChatError('server', 200, 'invalid_body');
      }
      return { response: body.response, sessionId: body.session_id };
    },

    /**
     * Sends one visitor message to POST /chat/stream; calls onDelta(text) for each piece as it
     * arrives and resolves to {response, sessionId, withheld}. Throws a ChatError for the twin's own
     * errors (as chat does), or StreamUnavailable when the route failed before its first byte.
     */
    async chatStream(message, sessionId, signal, turnId, onDelta) {
      const payload = sessionId ? { message, session_id: sessionId } : { message };
      if (turnId) payload.turn_id = turnId;
      const bytes = new TextEncoder().encode(JSON.stringify(payload));
      const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
      const hash = await sha256Hex(bytes);
      if (hash) headers['x-amz-content-sha256'] = hash;
      const controller = new AbortController();
      let timer = setTimeout(() => controller.abort(new ChatError('timeout', 0)), TIMEOUT_MS);
      const abortFromCaller = () => controller.abort(new ChatError('aborted', 0));
      signal?.addEventListener('abort', abortFromCaller, { once: true });
      let received = false;
      try {
        let response;
        try {
          response = await fetchImpl(base + '/chat/stream', { method: 'POST', headers, body: bytes, signal: controller.signal });
        } catch {
          if (controller.signal.aborted && controller.signal.reason instanceof ChatError) throw controller.signal.reason;
          throw new StreamUnavailable('no connection');
        }
        const type = response.headers.get('content-type') || '';
        if (!response.ok) {
          let body = null;
          try {
            body = await response.json();
          } catch {
            body = null;
          }
          const error = body && typeof body.error === 'object' && body.error ? body.error : null;
          // no JSON error of the twin's: a door in front of it (CloudFront, the function URL) failed
          if (!error || typeof error.code !== 'string') throw new StreamUnavailable(String(response.status));
          const text = typeof error.message === 'string' ? error.message.slice(0, 300) : undefined;
          throw new ChatError(kindOf(response.status, error.code), response.status, error.code, text);
        }
        if (!type.startsWith('text/event-stream') || !response.body) throw new StreamUnavailable('not a stream');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          let chunk;
          try {
            chunk = await reader.read();
          } catch {
            if (controller.signal.aborted && controller.signal.reason instanceof ChatError) throw controller.signal.reason;
            if (!received) throw new StreamUnavailable('cut before the first byte');
            throw new ChatError('offline', 0);
          }
          if (chunk.done) break;
          if (chunk.value.length > 0) received = true;
          // a slow model is not a dead connection: each piece restarts the clock
          clearTimeout(timer);
          timer = setTimeout(() => controller.abort(new ChatError('timeout', 0)), TIMEOUT_MS);
          const parsed = parseEvents(buffer + chunk.value);
          buffer = parsed.rest;
          for (const { name, data } of parsed.events) {
            if (name === 'delta' && data && typeof data.text === 'string') {
              onDelta(data.text);
            } else if ((name === 'done' || name === 'withheld') && data && typeof data.response === 'string') {
              return { response: data.response, sessionId: data.session_id, withheld: name === 'withheld' };
            } else if (name === 'error') {
              const error = data && typeof data.error === 'object' && data.error ? data.error : {};
              const code = typeof error.code === 'string' ? error.code : undefined;
              const text = typeof error.message === 'string' ? error.message.slice(0, 300) : undefined;
              throw new ChatError(kindOfCode(code), 0, code, text);
            }
          }
        }
        if (!received) throw new StreamUnavailable('empty');
        throw new ChatError('offline', 0);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abortFromCaller);
      }
    },

    /** Loads a stored conversation; resolves to [{role, content}] oldest first. */
    async conversation(sessionId, signal) {
      const body = await call('/conversation/' + encodeURIComponent(sessionId), { method: 'GET' }, signal);
      const messages = Array.isArray(body.messages) ? body.messages : [];
      return messages
        .filter((m) => m && (m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string')
        .map((m) => ({ role: m.role, content: m.content }));
    },
  };
}
