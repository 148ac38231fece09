// Teams' chart elements (Chart.*) for the official renderer, which does not know them. Each is registered as an element
// this renderer cannot draw, so the renderer takes its fallback exactly as a client without charts does, instead of
// reporting an unknown element type. A chart without a fallback would then show nothing: validate.mjs reports it
// (ChartWithoutFallback). Loaded by validate.mjs (Node) and by render.mjs (in the page, after the renderer's bundle).
(function (define) {
  if (typeof module === 'object' && module.exports) {
    module.exports = define;
  } else {
    globalThis.registerTeamsCharts = define;
  }
})(function registerTeamsCharts(AC) {
  // The chart types Teams documents for Adaptive Cards.
  const types = ['Chart.Donut', 'Chart.Pie', 'Chart.Gauge', 'Chart.HorizontalBar', 'Chart.HorizontalBar.Stacked',
    'Chart.Line', 'Chart.VerticalBar', 'Chart.VerticalBar.Grouped'];
  for (const type of types) {
    class TeamsChart extends AC.CardElement {
      getJsonTypeName() { return type; }
      // Never drawn here: the parser renders the fallback instead.
      shouldFallback() { return true; }
      internalRender() { return undefined; }
    }
    AC.GlobalRegistry.elements.register(type, TeamsChart, AC.Versions.v1_5);
  }
  return types;
});
