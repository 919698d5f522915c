export { parseRobots, robotsForStatus, productToken, type RobotsRules } from './robots';
export { pathOf, escapePattern } from './pattern';
