// The salaries page: a CSV file chosen is read into the textarea, where it can be checked and edited before it is
// sent. Without this script the textarea alone works (paste the file's content).
'use strict';
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('input[type=file].sal-file').forEach(function (input) {
      var target = document.getElementById(input.getAttribute('data-target') || '');
      if (!target) return;
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        if (!file) return;
        var reader = new window.FileReader();
        reader.onload = function () {
          target.value = String(reader.result || '');
        };
        reader.readAsText(file, 'utf-8');
      });
    });
  });
})();
