#include "kiosk/modes.h"

#include <string.h>

int modes_toggle(struct modes *modes, const char *id)
{
	if (strcmp(id, MODES_CONTRAST) == 0)
		modes->high_contrast = !modes->high_contrast;
	else if (strcmp(id, MODES_LARGE_TEXT) == 0)
		modes->large_text = !modes->large_text;
	else
		return 0;
	return 1;
}

void modes_reset(struct modes *modes)
{
	modes->high_contrast = 0;
	modes->large_text = 0;
}

int modes_are_default(const struct modes *modes)
{
	return !modes->high_contrast && !modes->large_text;
}

const struct theme *modes_palette(const struct modes *modes, const struct theme_set *set)
{
	return modes->high_contrast ? &set->high_contrast : &set->normal;
}

int modes_text_percent(const struct modes *modes, const struct theme_set *set)
{
	return modes->large_text ? set->large_text_percent : 100;
}
