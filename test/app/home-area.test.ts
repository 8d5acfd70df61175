import { describe, expect, it } from 'vitest';
import { homeArea } from '../../app/router';
import type { Area } from '../../app/api/types';

const user = (roles: string[], groups: string[], areas: Area[]) => ({
  roles: roles.map((role) => ({ role })) as never,
  groups: groups.map((key) => ({ id: key, key, name: key, departmentId: null })),
  areas,
});

describe('where each role lands after sign-in', () => {
  it('sends agents to their task list, employees to the portal, others where their work is', () => {
    expect(homeArea(user(['employee'], ['it'], ['portal', 'tasks']))).toBe('tasks');
    expect(homeArea(user(['employee'], [], ['portal']))).toBe('portal');
    expect(homeArea(user(['owner', 'employee'], [], ['portal', 'modeler', 'forms', 'insights']))).toBe('modeler');
    expect(homeArea(user(['analyst', 'employee'], [], ['portal', 'insights']))).toBe('insights');
    expect(homeArea(user(['admin', 'employee'], [], ['portal', 'tasks', 'modeler', 'forms', 'insights', 'admin']))).toBe('admin');
    expect(homeArea(null)).toBeNull();
  });
});
