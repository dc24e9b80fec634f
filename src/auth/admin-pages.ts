import type { Response } from 'express';

/** The few server-rendered pages of the staff area: plain HTML and inline CSS, no scripts. */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
    font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
  main{width:100%;max-width:380px;margin:24px;padding:32px;background:#fff;border-radius:10px;
    box-shadow:0 1px 3px rgba(0,0,0,.1),0 8px 24px rgba(0,0,0,.06)}
  h1{margin:0 0 4px;font-size:1.35rem}
  p.sub{margin:0 0 24px;color:#6b7280;font-size:.95rem}
  label{display:block;margin:0 0 16px;font-weight:600;font-size:.9rem}
  input{display:block;width:100%;margin-top:6px;padding:10px 12px;font:inherit;border:1px solid #d1d5db;border-radius:6px}
  input:focus{outline:2px solid #2563eb;outline-offset:1px;border-color:#2563eb}
  button,a.button{display:block;width:100%;padding:10px 12px;font:inherit;font-weight:600;text-align:center;
    text-decoration:none;color:#fff;background:#2563eb;border:0;border-radius:6px;cursor:pointer}
  button.secondary{margin-top:12px;color:#1f2937;background:#e5e7eb}
  .message{margin:0 0 20px;padding:10px 12px;border-radius:6px;background:#fef2f2;color:#991b1b;border:1px solid #fecaca}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Complaint desk</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const messageBox = (message?: string) => (message ? `<p class="message" role="alert">${escapeHtml(message)}</p>` : '');

export interface LoginPageOptions {
  /** Why the form is shown again (wrong credentials, locked, refused role). */
  message?: string;
  email?: string;
  /** Where to go after signing in (already checked by safeNextPath). */
  next: string;
}

export function loginPage({ message, email = '', next }: LoginPageOptions): string {
  return layout(
    'Sign in',
    `<h1>Complaint desk</h1>
<p class="sub">Sign in to open the queue dashboard.</p>
${messageBox(message)}
<form method="post" action="/admin/login">
  <input type="hidden" name="next" value="${escapeHtml(next)}">
  <label>Email<input type="email" name="email" value="${escapeHtml(email)}" autocomplete="username" required autofocus></label>
  <label>Password<input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`,
  );
}

/** Shown at /admin/login to someone already signed in: where to go, and how to sign out. */
export function signedInPage(name: string, next: string): string {
  return layout(
    'Signed in',
    `<h1>Complaint desk</h1>
<p class="sub">Signed in as ${escapeHtml(name)}.</p>
<a class="button" href="${escapeHtml(next)}">${next.startsWith('/reports') ? 'Open the reports' : 'Open the queue dashboard'}</a>
${signOutForm()}`,
  );
}

/** A signed-in user whose role may not open the page. */
export function forbiddenPage(message: string): string {
  return layout('Not allowed', `<h1>Not allowed</h1>\n${messageBox(message)}\n${signOutForm()}`);
}

const signOutForm = () => `<form method="post" action="/admin/logout"><button class="secondary" type="submit">Sign out</button></form>`;

/**
 * Sends a page with headers that keep it out of caches and frames and allow no scripts
 * (so nothing on it can read or send anything the form does not).
 */
export function sendPage(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    })
    .send(html);
}
