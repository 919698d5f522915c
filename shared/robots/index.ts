export { parseRobots, robotsForStatus, productToken, MAX_ROBOTS_BYTES, type RobotsRules } from './robots';
export { pathOf, escapePattern } from './pattern';
