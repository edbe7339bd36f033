/**
 * Kits glue a brand name to ordinary phishing words in paths: '/webmailplala/', '/amazonjp',
 * '/saisoncard/'. A keyword shorter than PATH_MIN_INNER inside a path token therefore counts when the rest
 * of the token is made only of these words and digits, while '/resonant' (rest 'nt') stays no evidence
 * for 'resona'. The words are generic login-page vocabulary chosen beforehand, not mined from the data.
 */
const GLUE_WORDS = [
  'account',
  'app',
  'auth',
  'card',
  'co',
  'id',
  'jp',
  'login',
  'mail',
  'member',
  'my',
  'online',
  'pay',
  'secure',
  'security',
  'service',
  'signin',
  'support',
  'update',
  'verify',
  'web',
  'webmail',
  'www',
];

const ok = new Uint8Array(256);

/** Is `s` ('' included) a run of glue words and digits ('webmail', 'jp2', 'mailweb')? */
export function madeOfGlueWords(s: string): boolean {
  if (s.length === 0) return true;
  if (s.length >= ok.length) return false;
  ok.fill(0, 0, s.length + 1);
  ok[0] = 1;
  for (let i = 0; i < s.length; i++) {
    if (!ok[i]) continue;
    let j = i;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j > i) ok[j] = 1;
    for (const w of GLUE_WORDS) if (s.startsWith(w, i)) ok[i + w.length] = 1;
  }
  return ok[s.length] === 1;
}
