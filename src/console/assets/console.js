// Small progressive enhancements; every page works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // Long-running forms (test run, reload) show that they are working and cannot be sent twice.
  for (const form of document.querySelectorAll('form[data-busy]')) {
    form.addEventListener('submit', () => {
      const button = form.querySelector('button[type="submit"]');
      if (!button) return;
      button.disabled = true;
      button.textContent = form.dataset.busy ?? button.textContent;
      form.setAttribute('aria-busy', 'true');
    });
  }
  // Ctrl+Enter (or Cmd+Enter) sends the question from the text area.
  const question = document.querySelector('textarea#q');
  question?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      question.form?.requestSubmit();
    }
  });
  // A running dry run shows its progress: ask for the page again (a GET, never a form re-post) until it is done.
  const refresh = document.querySelector('[data-refresh]');
  if (refresh) {
    setTimeout(() => location.replace(refresh.dataset.refresh), Number(refresh.dataset.refreshMs) || 1500);
  }
  // Jumping to a passage anchor moves keyboard focus there too.
  const target = location.hash.startsWith('#p-') ? document.getElementById(location.hash.slice(1)) : null;
  target?.focus();
});
