// The chat page: wires config, the API client and the renderer to the DOM in index.html.
// Visitor text and every config value go in with textContent; twin replies go through
// renderMarkdown, which builds DOM nodes from an allow-list. Nothing is ever set as HTML.

import { StreamUnavailable, createApi, describeError, MAX_MESSAGE_LENGTH, newTurnId } from './api.js';
import { loadConfig, DEFAULT_CONFIG } from './config.js';
import { renderMarkdown } from './render.js';
import { createSessionStore } from './session.js';
import { setupPrivacy } from './privacy.js';

const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;

const $ = (id) => document.getElementById(id);
const ui = {
  avatar: $('avatar'),
  welcomeAvatar: $('welcome-avatar'),
  name: $('twin-name'),
  intro: $('intro'),
  welcome: $('welcome'),
  starters: $('starters'),
  starterList: $('starter-list'),
  transcript: $('transcript'),
  log: $('log'),
  main: $('main'),
  form: $('chat-form'),
  label: $('message-label'),
  message: $('message'),
  send: $('send'),
  counter: $('counter'),
  error: $('error'),
  errorText: $('error-text'),
  retry: $('retry'),
  restart: $('restart'),
  newConversation: $('new-conversation'),
};

const store = createSessionStore(globalThis.localStorage);

const state = {
  config: { ...DEFAULT_CONFIG },
  api: null,
  sessionId: null,
  /** The AbortController of the request in flight, or null. */
  inFlight: null,
  /** Set while config.json loads and while GET /conversation runs after a reload. */
  restoring: true,
  /** What Retry does: a function, or null when there is nothing to retry. */
  retryAction: null,
  /** The message that failed, kept so nothing typed is lost. */
  failed: null,
};

// ---------------------------------------------------------------------------------------------
// Rendering

function applyConfig(config) {
  document.title = `Chat with ${config.twinName}`;
  ui.name.textContent = config.twinName;
  ui.intro.textContent = config.intro;
  ui.label.textContent = `Message to ${config.twinName}`;
  for (const img of [ui.avatar, ui.welcomeAvatar]) {
    img.addEventListener('error', () => {
      // A broken avatar URL falls back to the bundled picture, once.
      if (!img.src.endsWith('/avatar.svg')) img.src = DEFAULT_CONFIG.avatar;
    });
    img.src = config.avatar;
  }
  ui.starterList.replaceChildren();
  for (const question of config.starterQuestions) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button starter';
    button.textContent = question;
    button.addEventListener('click', () => {
      ui.message.focus();
      send(question);
    });
    li.appendChild(button);
    ui.starterList.appendChild(li);
  }
}

function turnElement(role) {
  const li = document.createElement('li');
  li.className = `turn turn--${role === 'user' ? 'visitor' : 'twin'}`;
  const who = document.createElement('span');
  who.className = 'visually-hidden';
  who.textContent = role === 'user' ? 'You said: ' : `${state.config.twinName} said: `;
  li.appendChild(who);
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  li.appendChild(bubble);
  return { li, bubble };
}

function appendTurn(role, content) {
  const { li, bubble } = turnElement(role);
  if (role === 'user') {
    bubble.classList.add('bubble--plain');
    bubble.textContent = content;
  } else {
    bubble.classList.add('bubble--markdown');
    bubble.appendChild(renderMarkdown(content, document));
  }
  ui.transcript.appendChild(li);
  updateWelcome();
  if (role === 'user' || state.restoring) {
    scrollToEnd();
  } else {
    revealReply(li);
  }
  return li;
}

function showTyping() {
  const { li, bubble } = turnElement('assistant');
  li.classList.add('turn--typing');
  li.id = 'typing';
  const label = document.createElement('span');
  label.className = 'visually-hidden';
  label.textContent = `${state.config.twinName} is typing…`;
  bubble.appendChild(label);
  const dots = document.createElement('span');
  dots.className = 'dots';
  dots.setAttribute('aria-hidden', 'true');
  for (let i = 0; i < 3; i++) dots.appendChild(document.createElement('span'));
  bubble.appendChild(dots);
  // The "said:" prefix makes no sense for the indicator.
  li.firstChild.remove();
  ui.transcript.appendChild(li);
  scrollToEnd();
}

/**
 * The reply as it arrives: hidden from screen readers (the live region would read every piece), and
 * replaced by the finished turn, which the live region announces once.
 */
function streamingReply() {
  let li = null;
  let bubble = null;
  let text = '';
  let frame = 0;
  const draw = () => {
    frame = 0;
    bubble.replaceChildren(renderMarkdown(text, document));
    scrollToEnd();
  };
  return {
    add(piece) {
      text += piece;
      if (!li) {
        hideTyping();
        ({ li, bubble } = turnElement('assistant'));
        li.classList.add('turn--streaming');
        li.setAttribute('aria-hidden', 'true');
        bubble.classList.add('bubble--markdown');
        ui.transcript.appendChild(li);
        updateWelcome();
      }
      // the safe renderer runs again on the whole text, at most once per frame
      if (!frame) frame = requestAnimationFrame(draw);
    },
    remove() {
      if (frame) cancelAnimationFrame(frame);
      li?.remove();
    },
  };
}

function hideTyping() {
  document.getElementById('typing')?.remove();
}

function markFailed(li, failed) {
  if (!li) return;
  li.classList.toggle('turn--failed', failed);
  li.querySelector('.turn-status')?.remove();
  if (failed) {
    const note = document.createElement('p');
    note.className = 'turn-status';
    note.textContent = 'Not sent';
    li.appendChild(note);
  }
}

function updateWelcome() {
  const empty = ui.transcript.children.length === 0;
  ui.welcome.hidden = !empty;
  ui.starters.hidden = !empty || state.restoring || state.config.starterQuestions.length === 0;
  for (const button of ui.starterList.querySelectorAll('button')) button.disabled = Boolean(state.inFlight);
}

function scrollToEnd() {
  ui.main.scrollTop = ui.main.scrollHeight;
}

/** Shows a new reply from its start when it is taller than the view, so nobody reads it bottom-up. */
function revealReply(li) {
  const top = li.offsetTop - ui.main.offsetTop - 16;
  if (li.offsetHeight > ui.main.clientHeight - 32) {
    ui.main.scrollTop = top;
  } else {
    scrollToEnd();
  }
}

function showError(text, { retry = null, restart = false } = {}) {
  ui.errorText.textContent = text;
  state.retryAction = retry;
  ui.retry.hidden = !retry;
  ui.restart.hidden = !restart;
  ui.error.hidden = false;
}

function hideError() {
  ui.error.hidden = true;
  ui.errorText.textContent = '';
  state.retryAction = null;
}

function updateComposer() {
  const length = ui.message.value.length;
  const blank = ui.message.value.trim().length === 0;
  const over = length > MAX_MESSAGE_LENGTH;
  ui.send.disabled = blank || over || Boolean(state.inFlight) || state.restoring;
  ui.form.setAttribute('aria-busy', String(Boolean(state.inFlight)));
  if (length >= COUNTER_FROM) {
    const left = MAX_MESSAGE_LENGTH - length;
    const chars = (n) => `${n.toLocaleString('en-US')} character${n === 1 ? '' : 's'}`;
    ui.counter.textContent = over
      ? `${chars(-left)} over the ${MAX_MESSAGE_LENGTH.toLocaleString('en-US')} limit — shorten it to send`
      : `${chars(left)} left`;
    ui.counter.classList.toggle('counter--over', over);
    ui.counter.hidden = false;
    ui.message.setAttribute('aria-invalid', String(over));
  } else {
    ui.counter.hidden = true;
    ui.counter.textContent = '';
    ui.message.removeAttribute('aria-invalid');
  }
}

// ---------------------------------------------------------------------------------------------
// Behaviour

async function send(text, { retryOf = null, quietRetry = false } = {}) {
  if (state.inFlight || state.restoring) return;
  if (text.trim().length === 0 || text.length > MAX_MESSAGE_LENGTH) return;
  hideError();
  const li = retryOf ?? appendTurn('user', text);
  // kept on the message's element, so Retry resends this turn rather than a new one
  if (!li.dataset.turnId) li.dataset.turnId = newTurnId();
  markFailed(li, false);
  state.failed = null;
  const controller = new AbortController();
  state.inFlight = controller;
  updateComposer();
  updateWelcome();
  showTyping();
  const streamed = state.config.streaming ? streamingReply() : null;
  try {
    let reply = null;
    if (streamed) {
      try {
        reply = await state.api.chatStream(text, state.sessionId, controller.signal, li.dataset.turnId, (piece) => {
          if (!controller.signal.aborted) streamed.add(piece);
        });
      } catch (error) {
        if (!(error instanceof StreamUnavailable)) throw error;
        reply = null; // the stream route is not there: the buffered route answers the same turn
      } finally {
        streamed.remove();
      }
    }
    if (!reply) reply = await state.api.chat(text, state.sessionId, controller.signal, li.dataset.turnId);
    if (controller.signal.aborted) return;
    state.sessionId = reply.sessionId;
    store.saveSession(reply.sessionId);
    hideTyping();
    appendTurn('assistant', reply.response);
  } catch (error) {
    if (controller.signal.aborted) return;
    hideTyping();
    if (error.kind === 'not_found' && state.sessionId && !quietRetry) {
      // The server forgot this conversation: start a fresh one with the same message.
      forgetSession();
      state.inFlight = null;
      return send(text, { retryOf: li, quietRetry: true });
    }
    const { text: explanation, retry, restart } = describeError(error, state.config.twinName);
    if ((error.kind === 'message_too_long' || error.kind === 'rejected') && ui.message.value.trim().length === 0) {
      // Resending as is cannot help: give the text back to the visitor to edit.
      li.remove();
      ui.message.value = text;
      store.saveDraft(text);
      showError(explanation);
    } else if (error.kind === 'message_too_long' || error.kind === 'rejected') {
      // The box already holds a new draft: keep this one visible, marked unsent, rather than lose either.
      markFailed(li, true);
      showError(explanation);
    } else {
      markFailed(li, true);
      state.failed = { text, li };
      showError(explanation, {
        retry: retry ? () => send(text, { retryOf: li }) : null,
        restart: Boolean(restart),
      });
    }
  } finally {
    if (state.inFlight === controller) state.inFlight = null;
    updateComposer();
    updateWelcome();
  }
}

function forgetSession() {
  state.sessionId = null;
  store.clearSession();
}

function newConversation() {
  state.inFlight?.abort();
  state.inFlight = null;
  state.failed = null;
  hideTyping();
  hideError();
  forgetSession();
  ui.transcript.replaceChildren();
  updateComposer();
  updateWelcome();
  ui.message.focus();
}

async function restore(sessionId) {
  state.restoring = true;
  // Restored turns are old news: do not read the whole conversation aloud again.
  ui.log.setAttribute('aria-live', 'off');
  ui.log.setAttribute('aria-busy', 'true');
  updateComposer();
  updateWelcome();
  try {
    const messages = await state.api.conversation(sessionId);
    state.sessionId = sessionId;
    for (const m of messages) appendTurn(m.role, m.content);
  } catch (error) {
    if (error.kind === 'not_found' || error.kind === 'rejected') {
      // Expired, deleted or malformed: start fresh without bothering the visitor.
      forgetSession();
    } else {
      state.sessionId = sessionId;
      const { text } = describeError(error, state.config.twinName);
      showError(`Couldn't load the earlier conversation. ${text}`, {
        retry: () => {
          hideError();
          restore(sessionId);
        },
      });
    }
  } finally {
    state.restoring = false;
    ui.log.removeAttribute('aria-busy');
    ui.log.setAttribute('aria-live', 'polite');
    updateComposer();
    updateWelcome();
    scrollToEnd();
  }
}

function bindEvents() {
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.message.value;
    if (ui.send.disabled) return;
    ui.message.value = '';
    store.saveDraft('');
    updateComposer();
    send(text);
  });
  ui.message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });
  ui.message.addEventListener('input', () => {
    updateComposer();
    store.saveDraft(ui.message.value);
  });
  ui.retry.addEventListener('click', () => {
    const action = state.retryAction;
    if (!action) return;
    ui.message.focus();
    action();
  });
  ui.restart.addEventListener('click', () => {
    const failed = state.failed;
    newConversation();
    if (failed) send(failed.text);
  });
  ui.newConversation.addEventListener('click', newConversation);
  // Some browsers move only the reading position for "#message"; put the caret there too.
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    ui.message.focus();
  });
}

async function main() {
  bindEvents();
  ui.message.value = store.loadDraft();
  updateComposer();
  state.config = await loadConfig();
  state.api = createApi(state.config.apiUrl);
  setupPrivacy({
    apiUrl: state.config.apiUrl,
    twinName: state.config.twinName,
    note: state.config.privacyNote,
    currentSession: () => state.sessionId,
    onDeleted: newConversation,
  });
  applyConfig(state.config);
  state.restoring = false;
  const sessionId = store.loadSession();
  if (sessionId) {
    await restore(sessionId);
  } else {
    updateWelcome();
  }
  updateComposer();
  document.documentElement.dataset.ready = 'true';
}

main();
