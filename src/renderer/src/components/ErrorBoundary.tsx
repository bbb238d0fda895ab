import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import i18n from '../i18n';

interface State {
  failed: boolean;
}

/** Shows a readable message instead of a white screen when a page throws while rendering. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('render error', error.name, info.componentStack?.split('\n')[1]?.trim());
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title={i18n.t('errorBoundary.title')}
        subTitle={i18n.t('errorBoundary.body')}
        extra={
          <Button type="primary" onClick={() => this.setState({ failed: false })}>
            {i18n.t('errorBoundary.retry')}
          </Button>
        }
      />
    );
  }
}
