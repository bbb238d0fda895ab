import { PagePlaceholder } from '../components/PagePlaceholder';

export function BatchPage() {
  return <PagePlaceholder page="batch" />;
}
