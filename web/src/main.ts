/** The dashboard: hash routes to the six pages. */
import './style.css';
import { mapPage } from './mapPage.js';
import { driversPage, emergingPage, explorePage, genresPage, recommendPage } from './pages.js';

const PAGES: Record<string, (main: HTMLElement) => Promise<void>> = {
  explore: explorePage,
  recommend: recommendPage,
  genres: genresPage,
  emerging: emergingPage,
  drivers: driversPage,
  map: mapPage,
};

function route(): void {
  const name = location.hash.replace(/^#\/?/, '').split('?')[0] || 'explore';
  const page = PAGES[name] ?? explorePage;
  const main = document.getElementById('main') as HTMLElement;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === `#/${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${name[0]?.toUpperCase()}${name.slice(1)} · spotify-intel`;
  void page(main).catch((error: unknown) => {
    main.append(
      Object.assign(document.createElement('p'), { className: 'error', role: 'alert', textContent: `This page failed: ${String(error)}` }),
    );
  });
}

window.addEventListener('hashchange', route);
route();
