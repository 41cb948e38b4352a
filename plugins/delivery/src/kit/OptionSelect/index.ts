export { OptionSelect } from './OptionSelect';
