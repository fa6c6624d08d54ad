// Remembers the conversation id and the unsent draft in localStorage. Storage can be missing or
// throw (private browsing, quotas, disabled cookies): the page then simply forgets on reload.

const SESSION_KEY = 'twin.sessionId';
const DRAFT_KEY = 'twin.draft';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createSessionStore(storage) {
  const read = (key) => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key, value) => {
    try {
      if (value === null || value === '') storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // Not remembered across reloads; the conversation itself goes on.
    }
  };
  return {
    /** The saved id, or null when there is none or it is not a UUID (it would only 400). */
    loadSession() {
      const id = read(SESSION_KEY);
      if (id !== null && !UUID.test(id)) {
        write(SESSION_KEY, null);
        return null;
      }
      return id;
    },
    saveSession(id) {
      write(SESSION_KEY, UUID.test(id) ? id : null);
    },
    clearSession() {
      write(SESSION_KEY, null);
    },
    loadDraft() {
      return read(DRAFT_KEY) ?? '';
    },
    saveDraft(text) {
      write(DRAFT_KEY, text);
    },
  };
}
