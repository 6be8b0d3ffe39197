import { useActions, useApp } from '../store/context';
import { CloseIcon } from './icons';

export function BannerBar() {
  const banner = useApp((s) => s.banner);
  const actions = useActions();
  if (!banner) return null;
  return (
    <div className={`banner banner-${banner.kind}`} role={banner.kind === 'error' ? 'alert' : 'status'} data-testid="banner">
      <span>{banner.text}</span>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => actions.dismissBanner()}>
        <CloseIcon />
      </button>
    </div>
  );
}
