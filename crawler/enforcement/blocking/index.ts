export type { BlockingRepository, MirrorSuggestion, PirateSite } from '../../store';
export { buildBlockingRequest, NoAddresseeError } from './build-request';
export { rdapAddressees, renderHtml, renderText, type Addressee, type BlockingPackage } from './request-package';
