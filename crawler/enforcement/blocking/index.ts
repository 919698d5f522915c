export { createBlockingRepository, type BlockingRepository, type MirrorSuggestion, type PirateSite } from './blocking-repo';
export { buildBlockingRequest, NoAddresseeError } from './build-request';
export { rdapAddressees, renderHtml, renderText, type Addressee, type BlockingPackage } from './request-package';
