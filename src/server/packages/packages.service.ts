/** Course packages as other modules use them: the CLI, the demo seed and start-up import, export and publish through here. */
export { type ImportDeps, importFolder, importZipFile } from './course-package.js';
export { exportPackage } from './package-export.js';
export { publishImported, publishShippedCourses } from './shipped-courses.js';
