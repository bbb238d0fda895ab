import { PagePlaceholder } from '../components/PagePlaceholder';

export function HistoryPage() {
  return <PagePlaceholder page="history" />;
}
