import type { RoleGrant } from '../api/types';

/** The user form's view of a role list: four flags plus the departments someone owns processes for. */
export interface RoleFlags {
  employee: boolean;
  admin: boolean;
  analyst: boolean;
  privacy: boolean;
  ownerDepartmentIds: string[];
}

export function rolesToFlags(roles: RoleGrant[]): RoleFlags {
  return {
    employee: roles.some((r) => r.role === 'employee'),
    admin: roles.some((r) => r.role === 'admin'),
    analyst: roles.some((r) => r.role === 'analyst'),
    privacy: roles.some((r) => r.role === 'privacy'),
    ownerDepartmentIds: roles.filter((r) => r.role === 'owner' && r.departmentId).map((r) => r.departmentId as string),
  };
}

export function flagsToRoles(flags: RoleFlags): RoleGrant[] {
  const roles: RoleGrant[] = [];
  if (flags.employee) roles.push({ role: 'employee' });
  if (flags.admin) roles.push({ role: 'admin' });
  if (flags.analyst) roles.push({ role: 'analyst' });
  if (flags.privacy) roles.push({ role: 'privacy' });
  for (const departmentId of flags.ownerDepartmentIds) roles.push({ role: 'owner', departmentId });
  return roles;
}
