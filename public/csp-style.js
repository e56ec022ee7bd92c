// The Content-Security-Policy (scripts/postbuild.mjs) forbids style attributes: an
// injected style="" could restyle the page. plotters, which draws the charts, measures
// text by giving a hidden <span> a style attribute (setAttribute('style', ...)); this
// applies such styles through the CSS object model instead, which the policy allows.
// Styles in HTML markup (innerHTML, injected tags) are still refused.
(() => {
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLElement && String(name).toLowerCase() === 'style') {
      this.style.cssText = String(value);
      return;
    }
    return setAttribute.call(this, name, value);
  };
})();
