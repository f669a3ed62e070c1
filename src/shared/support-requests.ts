/** Support requests: the topics a citizen picks from, the statuses, and the lengths both sides check. */
export const requestTopics = ['install_app', 'sign_in', 'course', 'vneid', 'public_service', 'scam', 'other'] as const;
export type RequestTopic = (typeof requestTopics)[number];

export const requestStatuses = ['open', 'assigned', 'resolved', 'duplicate', 'cancelled'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** Times of day a person may prefer to be helped; free text is also accepted. */
export const requestSlots = ['morning', 'afternoon', 'evening', 'any'] as const;

export const requestLimits = {
  detailsMaxLength: 1000,
  preferredTimeMaxLength: 120,
  noteMaxLength: 2000,
  resolutionMaxLength: 500,
  overdueHoursMax: 24 * 30,
} as const;
