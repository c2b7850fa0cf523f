"""Reports for people: the competition leaderboard, its page and the group debrief."""
