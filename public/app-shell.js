// Runs before the app (deferred, from index.html):
// - registers the service worker (dist/sw.js) that keeps the app working offline;
// - tells the user when the app changed since their last visit: the build is named by
//   its wasm directory (`pkg-<hash>/`, named by a hash of its contents by
//   scripts/wasm.mjs), kept in localStorage under `burnrate.build`.
(() => {
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').catch(() => {
      // Without a service worker the app still works; only offline use is lost.
    });
  }
  const loader = document.querySelector('script[src*="pkg-"]');
  const build = loader?.getAttribute('src')?.match(/pkg-([0-9a-f]+)\//)?.[1];
  if (!build) return;
  let seen = null;
  try {
    seen = localStorage.getItem('burnrate.build');
    localStorage.setItem('burnrate.build', build);
  } catch {
    return;
  }
  if (!seen || seen === build) return;
  const note = document.createElement('div');
  note.className = 'update-note';
  note.setAttribute('role', 'status');
  note.dataset.testid = 'app-updated';
  const text = document.createElement('span');
  text.textContent = 'Burnrate was updated since your last visit. Your saved data is kept.';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'secondary';
  close.textContent = 'OK';
  close.addEventListener('click', () => note.remove());
  note.append(text, close);
  document.body.append(note);
})();
