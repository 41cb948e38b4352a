import { Entity } from '@backstage/catalog-model';
import { MissingAnnotationEmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ReactNode } from 'react';

/**
 * The card for an entity whose annotations ask for it; otherwise how to set them up. The card
 * is not mounted then, so it calls no backend.
 */
export function AnnotationGate(props: {
  when: (entity: Entity) => boolean;
  /** The annotations the setup guide names. */
  annotation: string | string[];
  children: ReactNode;
}) {
  const { entity } = useEntity();
  if (!props.when(entity)) {
    return <MissingAnnotationEmptyState annotation={props.annotation} />;
  }
  return <>{props.children}</>;
}
