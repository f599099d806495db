import { isRouteErrorResponse, useRouteError } from 'react-router';
import { describeError, ErrorPanel } from './ErrorPanel.tsx';

/** The router's errorElement: same panel as the ErrorBoundary. */
export function RouteError({ fullScreen = false }: { fullScreen?: boolean }) {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? error.status === 404
      ? 'ページが見つかりません。'
      : `${String(error.status)} ${error.statusText}`
    : describeError(error);
  return <ErrorPanel message={message} fullScreen={fullScreen} />;
}
