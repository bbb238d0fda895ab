import { PagePlaceholder } from '../components/PagePlaceholder';

export function SendPage() {
  return <PagePlaceholder page="send" />;
}
