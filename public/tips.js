// Help tips and wide tables, the little the page's CSS cannot do alone (style/main.css):
// - A help tip (<span class="tip">: a "?" and its text, .tip-text) opens as a bubble on
//   hover, on a click or tap (it is focusable on demand, tabindex="-1") and while the field
//   it labels has focus. This moves an open bubble sideways into the viewport, puts it
//   under its "?" when there is no room above (the sticky headline), and closes it on
//   Escape until focus or the pointer moves on.
// - A table container that scrolls sideways (.scroll-x, .table-scroll, .table-wrap) gets
//   the class "scrolls-sideways" while its content is wider than it, which shows a hint.
(() => {
  const MARGIN = 8;
  const CONTAINERS = '.scroll-x, .table-scroll, .table-wrap';

  const place = (tip) => {
    const text = tip.querySelector('.tip-text');
    if (!text) return;
    tip.classList.remove('tip-below');
    text.style.setProperty('--tip-shift', '0px');
    let rect = text.getBoundingClientRect();
    if (rect.width === 0) return; // closed
    const headline = document.querySelector('.headline');
    const clear = headline && !headline.contains(tip) ? Math.max(0, headline.getBoundingClientRect().bottom) : 0;
    if (rect.top < clear) {
      tip.classList.add('tip-below');
      rect = text.getBoundingClientRect();
    }
    const width = document.documentElement.clientWidth;
    let shift = 0;
    if (rect.left < MARGIN) shift = MARGIN - rect.left;
    else if (rect.right > width - MARGIN) shift = Math.max(MARGIN - rect.left, width - MARGIN - rect.right);
    text.style.setProperty('--tip-shift', `${shift}px`);
  };

  // The tips a focused element opens: itself, or those of the field (or lever) it is in.
  const tipsOf = (element) => {
    if (!(element instanceof Element)) return [];
    if (element.classList.contains('tip')) return [element];
    const field = element.closest('.field, .lever-head');
    return field ? [...field.querySelectorAll('.tip')] : [];
  };

  document.addEventListener('focusin', (event) => {
    for (const tip of document.querySelectorAll('.tip.tip-closed')) tip.classList.remove('tip-closed');
    for (const tip of tipsOf(event.target)) place(tip);
  });
  document.addEventListener('mouseover', (event) => {
    const tip = event.target instanceof Element ? event.target.closest('.tip') : null;
    if (!tip || tip.contains(event.relatedTarget)) return;
    tip.classList.remove('tip-closed');
    requestAnimationFrame(() => place(tip));
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.classList.contains('tip')) active.blur();
    for (const tip of document.querySelectorAll('.tip')) {
      const text = tip.querySelector('.tip-text');
      if (text && getComputedStyle(text).display !== 'none') tip.classList.add('tip-closed');
    }
  });
  addEventListener('resize', () => {
    for (const tip of tipsOf(document.activeElement)) place(tip);
  });

  let pending = false;
  const markWide = () => {
    pending = false;
    for (const box of document.querySelectorAll(CONTAINERS)) {
      const wide = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible';
      if (box.classList.contains('scrolls-sideways') !== wide) box.classList.toggle('scrolls-sideways', wide);
    }
  };
  const later = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(markWide);
    }
  };
  addEventListener('resize', later);
  addEventListener('DOMContentLoaded', () => {
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true, characterData: true });
    later();
  });
})();
