// Every dashboard page: on a wide screen the menu starts open; forms with data-confirm ask first.
'use strict';
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    var menu = document.querySelector('details.menu');
    if (menu && window.matchMedia('(min-width: 48rem)').matches) menu.open = true;
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
      });
    });
  });
})();
