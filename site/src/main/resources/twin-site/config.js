// Reads config.json (written by twin:publish-frontend and twin:run) and fills in defaults, so the
// page still works when the file is missing, broken or only partly filled in.

export const DEFAULT_CONFIG = Object.freeze({
  apiUrl: '/api',
  twinName: 'Digital twin',
  avatar: 'avatar.svg',
  intro: null,
  starterQuestions: Object.freeze([]),
  streaming: false,
});

const MAX_STARTERS = 6;

function text(value, maxLength) {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed.length === 0 ? null : trimmed.slice(0, maxLength);
}

function imageUrl(value) {
  if (typeof value !== 'string' || value.trim().length === 0) return null;
  const candidate = value.trim();
  // Same-site paths or http(s) URLs only: an avatar must never be a javascript: or data: URL.
  if (/^[a-z][a-z0-9+.-]*:/i.test(candidate) && !/^https?:\/\//i.test(candidate)) return null;
  if (/[\s"<>\\]/.test(candidate) || candidate.startsWith('//')) return null;
  return candidate;
}

function apiUrl(value) {
  if (typeof value !== 'string') return null;
  const candidate = value.trim();
  if (candidate.length === 0 || /[\s"<>\\]/.test(candidate)) return null;
  if (!candidate.startsWith('/') && !/^https?:\/\//i.test(candidate)) return null;
  if (candidate.startsWith('//')) return null;
  return candidate.replace(/\/+$/, '') || '/';
}

/** Turns whatever config.json held into a complete, safe configuration. */
export function normalizeConfig(raw) {
  const source = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  const twinName = text(source.twinName, 80) ?? DEFAULT_CONFIG.twinName;
  const starters = Array.isArray(source.starterQuestions) ? source.starterQuestions : [];
  return {
    apiUrl: apiUrl(source.apiUrl) ?? DEFAULT_CONFIG.apiUrl,
    twinName,
    avatar: imageUrl(source.avatar) ?? DEFAULT_CONFIG.avatar,
    intro: text(source.intro, 400) ?? `Ask ${twinName} about their work, projects and experience.`,
    privacyNote: typeof source.privacyNote === 'string' ? source.privacyNote : undefined,
    starterQuestions: [...new Set(starters.map((q) => text(q, 300)).filter(Boolean))].slice(0, MAX_STARTERS),
    // POST {apiUrl}/chat/stream answers as the reply is written (docs/streaming.md); off unless said
    streaming: source.streaming === true,
  };
}

/** Fetches config.json next to the page; any failure gives the defaults. */
export async function loadConfig(fetchImpl = globalThis.fetch.bind(globalThis)) {
  try {
    const response = await fetchImpl('config.json', { cache: 'no-cache', headers: { Accept: 'application/json' } });
    if (!response.ok) return normalizeConfig({});
    return normalizeConfig(await response.json());
  } catch {
    return normalizeConfig({});
  }
}
