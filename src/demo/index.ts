/** What other modules may use of demo (decision 0019): the demo province the command line and the server create. */
export { runDemoCommand } from './demo.command.ts';
export { countVillages } from './demo.repository.ts';
export { generateDemoProvince } from './generate-demo-province.ts';
export { seedDemoCourier } from './demo-courier.ts';
