/** Permission-table keys of the root-cause routes that work a complaint (canWorkComplaint checks `own` under the row lock). */
export const RC_PUT_ROUTE = 'PUT /api/v1/complaints/:id/root-cause';
export const RC_SUBMIT_ROUTE = 'POST /api/v1/complaints/:id/root-cause/submit';
export const RC_CONFIRM_ROUTE = 'POST /api/v1/complaints/:id/root-cause/confirm';
export const RC_REOPEN_ROUTE = 'POST /api/v1/complaints/:id/root-cause/reopen';
export const RC_SOLUTIONS_ROUTE = 'POST /api/v1/complaints/:id/root-cause/solutions';
export const RC_CHOOSE_ROUTE = 'POST /api/v1/complaints/:id/root-cause/solutions/:solutionId/choose';
export const RC_ACTIONS_ROUTE = 'POST /api/v1/complaints/:id/root-cause/actions';
export const RC_PUBLISH_ROUTE = 'POST /api/v1/complaints/:id/root-cause/publish';
