// The visitor's side of privacy: one line saying how long conversations are kept and that contact
// details go to the owner (config.json "privacyNote"), and "Delete this conversation", which asks
// first, erases the conversation on the server (DELETE /conversation/{id}) and starts a new one.
// Kept apart from app.js so the chat flow and this stay independent.

/** The line shown when config.json has no privacyNote. */
export function defaultPrivacyNote(twinName) {
  return `Conversations are stored so you can come back to them, and you can delete yours at any time. `
    + `Contact details you share are passed on to ${twinName}.`;
}

/** Normalises config.json's privacyNote: plain text, one line, at most 300 characters. */
export function privacyNote(raw, twinName) {
  if (typeof raw !== 'string') return defaultPrivacyNote(twinName);
  const text = raw.replace(/\s+/g, ' ').trim();
  return text.length === 0 ? defaultPrivacyNote(twinName) : text.slice(0, 300);
}

/**
 * Wires the note and the delete button.
 *
 * @param {object} options
 * @param {string} options.apiUrl the API base ("/api")
 * @param {string} options.twinName
 * @param {string|undefined} options.note config.json's privacyNote
 * @param {() => string|null} options.currentSession the conversation shown now
 * @param {() => void} options.onDeleted called after the server erased it (start a new one)
 * @param {(confirmText: string) => boolean} [options.confirm] asks the visitor (window.confirm)
 */
export function setupPrivacy({ apiUrl, twinName, note, currentSession, onDeleted, confirm = (t) => window.confirm(t) }) {
  const noteEl = document.getElementById('privacy-note');
  const button = document.getElementById('delete-conversation');
  const status = document.getElementById('privacy-status');
  const transcript = document.getElementById('transcript');
  if (noteEl) noteEl.textContent = privacyNote(note, twinName);
  if (!button) return;

  const refresh = () => { button.hidden = !currentSession(); };
  refresh();
  // the chat flow adds and clears turns; the button follows whether a conversation exists
  if (transcript) new MutationObserver(refresh).observe(transcript, { childList: true });

  button.addEventListener('click', async () => {
    const id = currentSession();
    if (!id) return;
    if (!confirm('Delete this conversation? It is erased from the server and cannot be restored.')) return;
    button.disabled = true;
    try {
      const base = apiUrl === '/' ? '' : apiUrl;
      const response = await fetch(`${base}/conversation/${encodeURIComponent(id)}`, {
        method: 'DELETE',
        headers: { Accept: 'application/json' },
      });
      // 404: nothing stored under the id (already deleted or never saved): the goal is met
      if (!response.ok && response.status !== 404) throw new Error(`status ${response.status}`);
      onDeleted();
      if (status) status.textContent = 'The conversation was deleted.';
    } catch {
      if (status) status.textContent = 'The conversation could not be deleted right now; please try again.';
    } finally {
      button.disabled = false;
      refresh();
    }
  });
}
