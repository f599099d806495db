import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describeError, ErrorPanel } from './ErrorPanel.tsx';

interface ErrorBoundaryProps {
  children: ReactNode;
  fullScreen?: boolean;
}

interface ErrorBoundaryState {
  error: unknown;
  hasError: boolean;
}

/** Catches render errors below it and shows ErrorPanel instead of a white page. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, hasError: false };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('[Bansō] 画面の表示中にエラー:', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.hasError) {
      return <ErrorPanel message={describeError(this.state.error)} fullScreen={this.props.fullScreen ?? false} />;
    }
    return this.props.children;
  }
}
