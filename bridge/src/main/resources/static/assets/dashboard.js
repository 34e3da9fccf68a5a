// The dashboard's few behaviours: CSRF on htmx requests, charts (their doubtful points ringed) and the ECG with uPlot,
// copying a link, confirming.
(function () {
  "use strict";

  const csrfToken = document.querySelector('meta[name="_csrf"]');
  const csrfHeader = document.querySelector('meta[name="_csrf_header"]');
  document.body.addEventListener("htmx:configRequest", (event) => {
    if (csrfToken && csrfHeader) {
      event.detail.headers[csrfHeader.content] = csrfToken.content;
    }
  });

  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy]");
    if (button) {
      const field = document.querySelector(button.dataset.copy);
      field.select();
      navigator.clipboard.writeText(field.value).then(() => { button.textContent = "Copied"; });
    }
  });

  // Forms that undo something ask first; an inline onsubmit would break the Content-Security-Policy.
  document.body.addEventListener("submit", (event) => {
    const question = event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  const palette = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df"];

  function dateOf(epochSecond) {
    return new Date(epochSecond * 1000).toLocaleString();
  }

  function rounded(value) {
    return Math.round(value * 10) / 10;
  }

  // What makes a point worth a second look: a value outside its normal range, or not a plain device reading.
  function marksOf(chart, point) {
    const marks = (point.quality || []).map((key) => chart.marks[key]);
    if (point.interpretation && point.interpretation !== "N") {
      marks.unshift(chart.marks[point.interpretation]);
    }
    return marks;
  }

  function markLegend(chart) {
    const counts = new Map();
    chart.series.forEach((line) => line.points.forEach((point) => marksOf(chart, point).forEach((label) =>
      counts.set(label, (counts.get(label) || 0) + 1))));
    return counts.size === 0 ? "" : "Ringed points: "
      + Array.from(counts, ([label, count]) => label + " (" + count + ")").join(" · ");
  }

  // A ring around each marked point, red when out of range, amber for its data quality alone.
  function ringMarked(marked) {
    return (plot) => {
      const ctx = plot.ctx;
      ctx.save();
      ctx.lineWidth = 2 * uPlot.pxRatio;
      marked.forEach((points) => points.forEach((point) => {
        ctx.beginPath();
        ctx.arc(plot.valToPos(point.epochSecond, "x", true), plot.valToPos(point.value, "y", true),
          6 * uPlot.pxRatio, 0, 2 * Math.PI);
        ctx.strokeStyle = point.interpretation && point.interpretation !== "N" ? "#d1242f" : "#9a6700";
        ctx.stroke();
      }));
      ctx.restore();
    };
  }

  function draw(container, chart) {
    const width = Math.max(container.clientWidth, 280);
    const marked = chart.series.map((line) => new Map(line.points.filter((point) => marksOf(chart, point).length)
      .map((point) => [point.epochSecond, point])));
    const tables = chart.series.map((line) => [line.points.map((p) => p.epochSecond),
      line.points.map((p) => p.value)]);
    const data = uPlot.join(tables);
    const bars = chart.style !== "LINE";
    const stacked = chart.style === "STACKED";
    const raw = data.slice();
    if (stacked) {
      // Each series drawn on top of the ones before it; the legend still shows its own value.
      for (let s = 2; s < data.length; s++) {
        data[s] = data[s].map((value, i) => value == null ? null : value + (data[s - 1][i] || 0));
      }
    }
    const series = [{}].concat(chart.series.map((line, index) => ({
      label: line.label,
      stroke: palette[index % palette.length],
      fill: bars ? palette[index % palette.length] + (stacked ? "" : "66") : undefined,
      width: bars ? 1 : 2,
      spanGaps: true,
      paths: bars ? uPlot.paths.bars({ size: [0.6, 24] }) : undefined,
      points: { show: !bars && line.points.length < 200 },
      value: (plot, value, drawnIndex, row) => {
        if (row == null || raw[index + 1][row] == null) {
          return "--";
        }
        const point = marked[index].get(data[0][row]);
        return rounded(raw[index + 1][row]) + (point ? " ⚠ " + marksOf(chart, point).join("; ") : "");
      },
    })));
    if (stacked) {
      // Taller totals first, so each shorter one stays visible on top.
      const order = series.slice(1).map((_, i) => i + 1).reverse();
      const drawn = [data[0]].concat(order.map((i) => data[i]));
      new uPlot({ width: width, height: 220, series: [series[0]].concat(order.map((i) => series[i])),
        axes: [{}, { label: chart.unit }] }, drawn, container);
      return;
    }
    new uPlot({ width: width, height: 220, series: series, axes: [{}, { label: chart.unit }],
      hooks: { draw: [ringMarked(marked)] } }, data, container);
  }

  function caption(chart) {
    const readings = chart.series.reduce((sum, line) => sum + line.points.length, 0);
    if (readings === 0) {
      return "No data in this range.";
    }
    const latest = chart.series.filter((line) => line.points.length > 0).map((line) => {
      const point = line.points[line.points.length - 1];
      return line.label + " " + rounded(point.value) + " " + chart.unit;
    }).join(", ");
    const newest = Math.max(...chart.series.filter((l) => l.points.length).map((l) => l.points[l.points.length - 1].epochSecond));
    return readings + " readings · latest: " + latest + " (" + dateOf(newest) + ")";
  }

  document.querySelectorAll("article.chart[data-src]").forEach((article) => {
    const text = article.querySelector(".caption");
    fetch(article.dataset.src, { headers: { Accept: "application/json" } })
      .then((response) => response.ok ? response.json() : Promise.reject(new Error("HTTP " + response.status)))
      .then((chart) => {
        text.textContent = caption(chart);
        article.querySelector(".marks").textContent = markLegend(chart);
        article.dataset.readings = chart.series.reduce((sum, line) => sum + line.points.length, 0);
        if (article.dataset.readings > 0) {
          draw(article.querySelector(".plot"), chart);
        }
      })
      .catch((failure) => {
        text.textContent = "Could not read this chart from the FHIR server: " + failure.message;
        article.dataset.readings = "error";
      });
  });

  const ecgSelect = document.getElementById("ecg-select");
  function showEcg() {
    const section = document.getElementById("ecg");
    const plot = section.querySelector(".plot");
    const text = section.querySelector(".caption");
    fetch(ecgSelect.value, { headers: { Accept: "application/json" } })
      .then((response) => response.ok ? response.json() : Promise.reject(new Error("HTTP " + response.status)))
      .then((ecg) => {
        const period = ecg.periodMillis / 1000;
        const seconds = ecg.microvolts.map((_, index) => index * period);
        plot.replaceChildren();
        new uPlot({
          width: Math.max(plot.clientWidth, 280), height: 260,
          scales: { x: { time: false } },
          series: [{ label: "s" }, { label: ecg.unit, stroke: "#d1242f", width: 1, points: { show: false } }],
          axes: [{ label: "seconds" }, { label: ecg.unit }],
        }, [seconds, ecg.microvolts], plot);
        text.textContent = ecg.microvolts.length + " samples, " + Math.round(1 / period) + " Hz, "
          + (ecg.microvolts.length * period).toFixed(1) + " s, recorded " + new Date(ecg.start).toLocaleString();
        section.dataset.samples = ecg.microvolts.length;
      })
      .catch((failure) => { text.textContent = "Could not read this ECG: " + failure.message; });
  }
  if (ecgSelect) {
    ecgSelect.addEventListener("change", showEcg);
    showEcg();
  }
})();
