export { ActionResult, GitChangeFacts, gitChangeLabel } from './ActionResult';
