/**
 * The date field's strings, Vietnamese first. Added to the dictionary by date-field.tsx, so they
 * load with the forms that have a date, not with the shell.
 */
export const dateFieldVi = {
  'date.hint': 'Ngày/tháng/năm, ví dụ {example}',
  'date.pick': 'Chọn trên lịch',
  'date.pick_for': 'Chọn {label} trên lịch',
  'date.format': '“{text}” không phải là ngày. Hãy gõ ngày/tháng/năm, ví dụ {example}.',
  'date.no_such_day': 'Không có ngày {text}: hãy kiểm tra ngày và tháng.',
};

export const dateFieldEn: Record<keyof typeof dateFieldVi, string> = {
  'date.hint': 'Day/month/year, for example {example}',
  'date.pick': 'Pick on the calendar',
  'date.pick_for': 'Pick {label} on the calendar',
  'date.format': '“{text}” is not a date. Type day/month/year, for example {example}.',
  'date.no_such_day': 'There is no day {text}: check the day and the month.',
};
