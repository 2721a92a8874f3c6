// The overview's live figures: listens to the server's stream of figures and updates the KPI cards and the day
// chart in place. Values are written as text and bars built as SVG elements: nothing from the server becomes HTML.
// Amounts and rates are written exactly as the server renders them (sections/overview.ts), so both agree.
'use strict';
(function () {
  var SVG = 'http://www.w3.org/2000/svg';
  // The same drawing box as the server's chart.
  var CHART = { width: 700, height: 200, bars: 170, gap: 0.25 };
  var GROUPS = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

  // `12 500 FCFA`, with ordinary spaces as the server writes them (Intl groups with narrow no-break spaces).
  function francs(amount) {
    return (
      GROUPS.format(amount)
        .replace(/[\u202f\u00a0]/g, ' ')
        .replace(/\u2212/g, '-') + ' FCFA'
    );
  }

  function kpiValue(total, key, language) {
    var value = total[key];
    if (value === null || value === undefined) return '\u2014';
    if (key === 'count') return String(value);
    if (key === 'successRate') return language === 'fr' ? value + ' %' : value + '%';
    return francs(value);
  }

  function shortDay(day) {
    return day.slice(8, 10) + '/' + day.slice(5, 7);
  }

  function updateCards(total, language) {
    ['volume', 'count', 'successRate', 'fees', 'averageBasket'].forEach(function (key) {
      var element = document.getElementById('kpi-' + key);
      if (element) element.textContent = kpiValue(total, key, language);
    });
  }

  function element(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, String(attributes[key]));
    });
    return node;
  }

  function redrawChart(byDay) {
    var svg = document.getElementById('overview-chart');
    if (!svg || !byDay.length) return;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var slot = CHART.width / byDay.length;
    var highest = Math.max.apply(
      null,
      [1].concat(
        byDay.map(function (d) {
          return d.volume;
        }),
      ),
    );
    var labelEvery = byDay.length > 10 ? 5 : 1;
    byDay.forEach(function (d, i) {
      var height = Math.round((d.volume / highest) * CHART.bars);
      var bar = element('rect', {
        class: 'bar',
        x: Math.round(i * slot + (slot * CHART.gap) / 2),
        y: CHART.bars - height,
        width: Math.max(1, Math.round(slot * (1 - CHART.gap))),
        height: height,
        'data-day': d.day,
        'data-volume': d.volume,
      });
      var title = element('title', {});
      title.textContent = shortDay(d.day) + ' : ' + francs(d.volume);
      bar.appendChild(title);
      svg.appendChild(bar);
      if (i % labelEvery === 0 || i === byDay.length - 1) {
        var label = element('text', {
          class: 'overview-day',
          x: Math.round(i * slot + slot / 2),
          y: CHART.height - 6,
          'text-anchor': 'middle',
        });
        label.textContent = shortDay(d.day);
        svg.appendChild(label);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var container = document.getElementById('overview');
    if (!container || !window.EventSource) return;
    var language = container.getAttribute('data-language') || 'fr';
    var source = new EventSource(container.getAttribute('data-events'));
    source.addEventListener('open', function () {
      container.setAttribute('data-live', 'on');
    });
    source.addEventListener('error', function () {
      container.setAttribute('data-live', 'off');
    });
    source.addEventListener('kpis', function (event) {
      var figures;
      try {
        figures = JSON.parse(event.data);
      } catch {
        return;
      }
      container.setAttribute('data-live', 'on');
      updateCards(figures.total, language);
      redrawChart(figures.byDay);
    });
  });
})();
