import { permissionsTable } from './permissions.js';
import { ROLES } from './roles.js';

// Prints the README's role table from the permission matrix: npm run permissions:table
console.log(permissionsTable(ROLES));
