export { RevisionLink } from './RevisionLink';
