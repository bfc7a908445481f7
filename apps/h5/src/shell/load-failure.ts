/**
 * Shown when the page's own code cannot be loaded (a chunk lost on a flaky mobile network): plain
 * DOM, because Vue is in the chunk that failed. Static text only.
 */
export function showLoadFailure(root: HTMLElement | null = document.getElementById('app')): void {
  if (!root) return;
  const box = document.createElement('section');
  box.setAttribute('data-testid', 'error-message');
  box.setAttribute('data-kind', 'network');
  box.style.cssText = 'padding:48px 24px;text-align:center;font:16px/1.6 system-ui,sans-serif;color:#323233';
  const title = document.createElement('h2');
  title.textContent = '页面加载失败';
  const fix = document.createElement('p');
  fix.textContent = '网络不稳定，页面没有加载完整。请检查手机网络后点「重新加载」。';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = '重新加载';
  reload.style.cssText = 'min-height:44px;padding:8px 24px;font-size:16px';
  reload.addEventListener('click', () => location.reload());
  box.append(title, fix, reload);
  root.replaceChildren(box);
}
