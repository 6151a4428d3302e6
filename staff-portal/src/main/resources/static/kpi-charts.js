// Draws each KPI's 実績 (bars) against its 目標 (line) per fiscal year from the numbers the page renders on its canvas.
document.querySelectorAll('canvas[data-kpi-chart]').forEach(function (canvas) {
  var numbers = function (list) {
    return list.split(',').map(function (v) { return v === '' ? null : Number(v); });
  };
  new Chart(canvas, {
    data: {
      labels: canvas.dataset.labels.split(',').map(function (y) { return y + '年度'; }),
      datasets: [
        { type: 'bar', label: '実績', data: numbers(canvas.dataset.actual), backgroundColor: '#3b7d5a' },
        { type: 'line', label: '目標', data: numbers(canvas.dataset.target), borderColor: '#c0392b', backgroundColor: '#c0392b', spanGaps: false }
      ]
    },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } }
  });
});
